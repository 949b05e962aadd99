import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, Matches } from 'class-validator';
import { WaveStatus } from '../../waves/wave-status.enum';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class WavesReportQuery {
  @ApiPropertyOptional({ example: '2020-04-01', description: 'Waves that close on or after this day (WIB)' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2020-04-30', description: 'Waves that close on or before this day (WIB)' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: WaveStatus, description: 'Only waves in this stored status' })
  @IsOptional()
  @IsEnum(WaveStatus)
  status?: WaveStatus;
}
