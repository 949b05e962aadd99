import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsLatitude, IsLongitude, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Fulfilment } from '../order-status.enum';

/**
 * Where and how an unpaid order is received, changed while the wave takes orders. Every field is
 * optional; what is not sent stays. A new delivery address comes with its own coordinates (or none):
 * the old pin belongs to the old address.
 */
export class ChangeOrderDto {
  @ApiPropertyOptional({ description: "One of the wave's dropping points" })
  @IsOptional()
  @IsUUID('4')
  droppingPointId?: string;

  @ApiPropertyOptional({ enum: Fulfilment })
  @IsOptional()
  @IsEnum(Fulfilment)
  fulfilment?: Fulfilment;

  @ApiPropertyOptional({ description: 'Required when changing to delivery', example: 'Jl. Lenteng Agung Raya No. 10, Jagakarsa' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(500)
  deliveryAddress?: string;

  @ApiPropertyOptional({ example: -6.3302 })
  @IsOptional()
  @IsLatitude()
  deliveryLatitude?: number;

  @ApiPropertyOptional({ example: 106.8346 })
  @IsOptional()
  @IsLongitude()
  deliveryLongitude?: number;
}
