import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class WaveProductDto {
  @ApiProperty()
  @IsUUID('4')
  productId: string;

  @ApiProperty({ example: 3000, description: 'Tonnage the cooperative can supply to this wave, in kg' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  capacityKg: number;

  @ApiProperty({ example: 40, description: 'Most one buyer may order of this product in this wave, in kg' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  perBuyerLimitKg: number;

  @ApiPropertyOptional({ type: [Number], example: [5, 10, 20], description: 'Pack sizes on offer; defaults to all of the product' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  packSizesKg?: number[];
}

export class WaveScheduleDto {
  @ApiProperty({ example: 'Gelombang II' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '2020-04-07T08:00:00+07:00', description: 'ISO 8601; without an offset it is read as WIB' })
  @IsISO8601({ strict: true })
  opensAt: string;

  @ApiProperty({ example: '2020-04-08T17:00:00+07:00' })
  @IsISO8601({ strict: true })
  closesAt: string;

  @ApiProperty({ example: '2020-04-10', description: 'Hand-out day (WIB calendar day)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'handOutDate must be a date YYYY-MM-DD' })
  handOutDate: string;

  @ApiProperty({ example: '2020-04-09T17:00:00+07:00' })
  @IsISO8601({ strict: true })
  paymentDeadline: string;
}

export class CreateWaveDto extends WaveScheduleDto {
  @ApiProperty({ type: [WaveProductDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WaveProductDto)
  products: WaveProductDto[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  droppingPointIds: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['Kementerian Koperasi dan UKM', 'Bappenas'],
    description: 'Agencies whose staff may order; empty or absent: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(200, { each: true })
  agencies?: string[];
}

/** Copying a wave keeps its offers, points and agencies; only the name and dates are new. */
export class CopyWaveDto extends WaveScheduleDto {}

/**
 * Editing a draft: any field of creating, with the same rules; the fields left out keep their
 * value. `products` replaces the whole list of offers.
 */
export class UpdateWaveDto extends PartialType(CreateWaveDto) {}
