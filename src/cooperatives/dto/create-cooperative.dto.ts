import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateCooperativeDto {
  @ApiProperty({ example: 'Koperasi Tani Mulus' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Kabupaten Indramayu, Jawa Barat' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  region?: string;

  @ApiPropertyOptional({ example: '+62 234 555 0100' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;
}
