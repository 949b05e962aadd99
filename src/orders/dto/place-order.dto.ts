import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Fulfilment } from '../order-status.enum';

export class OrderLineDto {
  @ApiProperty({ description: 'A pack id of this wave (waves/:id products[].packs[].id)' })
  @IsUUID('4')
  packId: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;
}

export class PlaceOrderDto {
  @ApiProperty({ description: "One of the wave's dropping points" })
  @IsUUID('4')
  droppingPointId: string;

  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items: OrderLineDto[];

  @ApiProperty({ enum: Fulfilment, example: Fulfilment.Pickup })
  @IsEnum(Fulfilment)
  fulfilment: Fulfilment;

  @ApiPropertyOptional({ description: 'Required for delivery', example: 'Jl. Lenteng Agung Raya No. 10, Jagakarsa' })
  @ValidateIf((order: PlaceOrderDto) => order.fulfilment === Fulfilment.Delivery || order.deliveryAddress !== undefined)
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
