import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { WaveStatus } from '../wave-status.enum';

export class ListWavesQuery {
  @ApiPropertyOptional({ enum: WaveStatus })
  @IsOptional()
  @IsEnum(WaveStatus)
  status?: WaveStatus;
}
