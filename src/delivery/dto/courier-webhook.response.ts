import { ApiProperty } from '@nestjs/swagger';
import { TripStatus } from '../delivery-trip.entity';

export class CourierWebhookResponse {
  @ApiProperty()
  received: boolean;

  @ApiProperty()
  eventId: string;

  @ApiProperty()
  applied: boolean;

  @ApiProperty()
  tripId: string;

  @ApiProperty({ enum: TripStatus, enumName: 'TripStatus' })
  tripStatus: TripStatus;
}
