import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class CreatePackDto {
  @ApiProperty({ example: 5, description: 'Pack size in whole kg' })
  @IsInt()
  @Min(1)
  @Max(1000)
  sizeKg: number;

  @ApiPropertyOptional({ example: 55000, description: 'Pack price in whole rupiah; defaults to sizeKg x pricePerKgRp' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  priceRp?: number;
}

export class CreateProductDto {
  @ApiProperty({ example: 'beras premium' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  commodity: string;

  @ApiProperty({ example: 'Beras premium Indramayu' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 11000, description: 'Whole rupiah per kg' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  pricePerKgRp: number;

  @ApiPropertyOptional({ example: 5000, description: 'Tonnage the cooperative can supply, in kg' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  availableKg?: number;

  @ApiProperty({ type: [CreatePackDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CreatePackDto)
  packs: CreatePackDto[];
}
