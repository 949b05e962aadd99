import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/** What an officer copies from the courier's app after booking a trip there (manual driver). */
export class ManualBookingDto {
  @ApiProperty({ example: 'GK-7Q2X9' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(/^[\x21-\x7e]+$/, { message: 'bookingId must be visible ASCII without spaces' })
  bookingId: string;

  @ApiProperty({ example: 18_000, description: 'Whole rupiah' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  feeRp: number;

  @ApiPropertyOptional({ example: 'https://courier.example/track/GK-7Q2X9' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(500)
  trackingUrl?: string;
}

export const PROGRESS_EVENTS = ['picked_up', 'delivered', 'failed'] as const;
export type ProgressEvent = (typeof PROGRESS_EVENTS)[number];

/** Progress of a manually booked trip, as the officer hears it from the driver. */
export class ManualProgressDto {
  @ApiProperty({ enum: PROGRESS_EVENTS })
  @IsIn(PROGRESS_EVENTS)
  event: ProgressEvent;

  @ApiPropertyOptional({ description: 'Why the delivery failed (required for failed)' })
  @ValidateIf((dto: ManualProgressDto) => dto.event === 'failed' || dto.reason !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}
