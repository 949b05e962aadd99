import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsLatitude, IsLongitude, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateDroppingPointDto {
  @ApiProperty({ example: 'Gedung Kementerian Koperasi dan UKM' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Jl. H.R. Rasuna Said Kav. 3-4, Kuningan, Jakarta Selatan' })
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  address: string;

  @ApiProperty({ example: -6.2146 })
  @IsLatitude()
  latitude: number;

  @ApiProperty({ example: 106.8312 })
  @IsLongitude()
  longitude: number;

  @ApiPropertyOptional({
    example: 15,
    description: 'How far (km, straight line) home deliveries from this point reach; no limit when left out',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  deliveryRadiusKm?: number;

  @ApiPropertyOptional({
    example: 'Senin–Jumat 08.00–16.00 WIB',
    description: "When buyers can collect at the point, shown on the buyer's order page; not shown when left out",
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  openingHours?: string;
}
