import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { WaveQuery } from './receipt.dto';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export class DeskSearchQuery extends WaveQuery {
  @ApiProperty({
    description: 'Pickup code (dash optional), or part of the buyer name, NIP or phone; at least 3 characters',
    example: 'K7QM3X',
  })
  @IsString()
  @MaxLength(100)
  q: string;

  @ApiPropertyOptional({ default: 20, maximum: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
