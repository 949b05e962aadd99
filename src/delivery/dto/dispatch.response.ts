import { ApiProperty } from '@nestjs/swagger';
import { TripStatus } from '../delivery-trip.entity';

export class DispatchTrip {
  @ApiProperty()
  id: string;

  @ApiProperty()
  orderId: string;

  @ApiProperty()
  part: number;

  @ApiProperty()
  parts: number;

  @ApiProperty()
  kg: number;

  @ApiProperty()
  courier: string;

  @ApiProperty({ enum: TripStatus, enumName: 'TripStatus' })
  status: TripStatus;

  @ApiProperty()
  dispatchRound: number;
}

export class DispatchUnchanged {
  @ApiProperty()
  orderId: string;

  @ApiProperty()
  pickupCode: string;

  @ApiProperty()
  reason: string;
}

export class DispatchResponse {
  @ApiProperty()
  waveId: string;

  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  queuedTrips: number;

  @ApiProperty({ type: () => [DispatchTrip] })
  trips: DispatchTrip[];

  @ApiProperty({ type: () => [DispatchUnchanged] })
  unchanged: DispatchUnchanged[];
}
