import { ApiProperty, PickType } from '@nestjs/swagger';
import { TripStatus } from '../delivery-trip.entity';
import { BoardTripView } from '../delivery.view';

/** A trip as dispatch queued it (DispatchedTrip): the board's trip in brief, its status one of TripStatus. */
export class DispatchTrip extends PickType(BoardTripView, ['id', 'orderId', 'part', 'parts', 'kg', 'courier', 'dispatchRound'] as const) {
  @ApiProperty({ enum: TripStatus, enumName: 'TripStatus' })
  status: TripStatus;
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
