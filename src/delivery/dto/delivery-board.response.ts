import { ApiProperty } from '@nestjs/swagger';
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

export class DeliveryBoardAwaitingDispatch {
  @ApiProperty()
  orderId: string;

  @ApiProperty()
  pickupCode: string;

  @ApiProperty()
  orderStatus: string;

  @ApiProperty()
  buyerName: string;

  @ApiProperty()
  deliveryAddress: string;

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
