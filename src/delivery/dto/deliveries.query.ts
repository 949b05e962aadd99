import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { TripStatus } from '../delivery-trip.entity';

export class DeliveriesQuery {
  @ApiProperty()
  @IsUUID('all')
  waveId: string;

  @ApiPropertyOptional({ enum: TripStatus })
  @IsOptional()
  @IsEnum(TripStatus)
  status?: TripStatus;
}
