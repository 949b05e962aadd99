import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CancelWaveDto {
  @ApiPropertyOptional({ example: 'Stok koperasi rusak karena banjir' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  reason?: string;
}
