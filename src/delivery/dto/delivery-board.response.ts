import { ApiProperty, PickType } from '@nestjs/swagger';
import { BoardTripView } from '../delivery.view';

export class TripStatusCounts {
  @ApiProperty()
  queued: number;

  @ApiProperty()
  booked: number;

  @ApiProperty()
  in_transit: number;

  @ApiProperty()
  delivered: number;

  @ApiProperty()
  failed: number;

  @ApiProperty()
  cancelled: number;
}

export class CourierFeeTotal {
  @ApiProperty()
  trips: number;

  @ApiProperty()
  totalRp: number;
}

/** A ready home-delivery order with no trip yet: the order as a trip on the board names it, and its weight. */
export class DeliveryBoardAwaitingDispatch extends PickType(BoardTripView, [
  'orderId',
  'pickupCode',
  'orderStatus',
  'buyerName',
  'deliveryAddress',
] as const) {
  @ApiProperty()
  totalKg: number;
}

export class DeliveryBoardResponse {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  waveId: string;

  @ApiProperty({ type: () => TripStatusCounts })
  counts: TripStatusCounts;

  @ApiProperty({ type: () => [BoardTripView] })
  trips: BoardTripView[];

  @ApiProperty({ type: () => CourierFeeTotal })
  courierFees: CourierFeeTotal;

  @ApiProperty({ type: () => [DeliveryBoardAwaitingDispatch] })
  awaitingDispatch: DeliveryBoardAwaitingDispatch[];
}
