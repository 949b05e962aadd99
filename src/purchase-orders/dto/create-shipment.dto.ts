import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';

export class ShipmentPackDto {
  @ApiProperty({ description: 'A product of this purchase order (products[].productId)' })
  @IsUUID()
  productId: string;

  @ApiProperty({ example: 20, description: 'The pack size in kg' })
  @IsInt()
  @Min(1)
  @Max(1_000)
  sizeKg: number;

  @ApiProperty({ example: 54, description: 'Packs of this size loaded for the point; at most what its orders hold' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  packs: number;
}

export class CreateShipmentDto {
  @ApiProperty({ description: 'The dropping point whose delivery has left the cooperative' })
  @IsUUID()
  droppingPointId: string;

  @ApiPropertyOptional({
    type: [ShipmentPackDto],
    description:
      "Packs loaded per product and size. Without it, everything the point's orders hold is loaded; a size left out is loaded in full. Fewer packs than due are shown as the shipment's shortfall.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ShipmentPackDto)
  packs?: ShipmentPackDto[];

  @ApiPropertyOptional({ example: 'B 9123 KX (truk engkel)', description: 'The vehicle: plate number or description' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  vehicle?: string;

  @ApiPropertyOptional({ example: 'Pak Darsono', description: "The driver's name" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  driver?: string;
}
