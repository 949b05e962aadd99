import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';

export class ShortfallDto {
  @ApiProperty({ description: 'A product of this purchase order (products[].productId)' })
  @IsUUID()
  productId: string;

  @ApiProperty({ example: 150, description: 'kg of the product the cooperative cannot supply' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  kg: number;
}

export class ConfirmPurchaseOrderDto {
  @ApiPropertyOptional({
    type: [ShortfallDto],
    description: 'What the cooperative cannot supply. Cut from the latest orders first; only before the payment deadline.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ShortfallDto)
  shortfalls?: ShortfallDto[];
}
