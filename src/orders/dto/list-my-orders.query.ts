import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class ListMyOrdersQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4')
  waveId?: string;
}
