import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsLatitude, IsLongitude, IsOptional, Max, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

export class DeliveryEstimateQuery {
  @ApiProperty({ example: -6.3405 })
  @Transform(toNumber)
  @IsLatitude()
  latitude: number;

  @ApiProperty({ example: 106.8201 })
  @Transform(toNumber)
  @IsLongitude()
  longitude: number;

  @ApiPropertyOptional({ example: 20, description: 'The kg to deliver (default 20): heavier orders go as several trips' })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(1000)
  kg?: number;
}
