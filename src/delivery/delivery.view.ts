import { ApiProperty } from '@nestjs/swagger';
import { toWib } from '../common/time';
import type { TripPack } from './delivery-trip.entity';

export interface TripRowView {
  id: string;
  order_id: string;
  part: number;
  parts: number;
  kg: number;
  packs: TripPack[];
  courier: string;
  status: string;
  dispatch_round: number;
  booking_attempts: number;
  last_error: string | null;
  failure_stage: string | null;
  failure_reason: string | null;
  queued_at: Date;
  booked_at: Date | null;
  picked_up_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  cancelled_at: Date | null;
  external_id: string | null;
  fee_rp: number | null;
  tracking_url: string | null;
}

export interface BoardRow extends TripRowView {
  pickup_code: string;
  order_status: string;
  buyer_name: string;
  buyer_phone: string;
  delivery_address: string;
}

/** A pack carried on a trip. */
export class TripPackView {
  @ApiProperty()
  packId: string;

  @ApiProperty()
  product: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  quantity: number;
}

/** A trip as its buyer sees it on their order. */
export class TripView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  part: number;

  @ApiProperty()
  parts: number;

  @ApiProperty()
  kg: number;

  @ApiProperty({ type: () => [TripPackView] })
  packs: TripPackView[];

  @ApiProperty()
  status: string;

  @ApiProperty()
  courier: string;

  @ApiProperty({ type: String, nullable: true })
  bookingId: string | null;

  @ApiProperty({ type: Number, nullable: true })
  feeRp: number | null;

  @ApiProperty({ type: String, nullable: true })
  trackingUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  failureStage: string | null;

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty()
  queuedAt: string;

  @ApiProperty({ type: String, nullable: true })
  bookedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  pickedUpAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  failedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelledAt: string | null;
}

/** A trip on the officer's dispatch board: who, where, and what the courier and the retries say. */
export class BoardTripView extends TripView {
  @ApiProperty()
  orderId: string;

  @ApiProperty()
  pickupCode: string;

  @ApiProperty()
  orderStatus: string;

  @ApiProperty()
  buyerName: string;

  @ApiProperty()
  buyerPhone: string;

  @ApiProperty()
  deliveryAddress: string;

  @ApiProperty()
  dispatchRound: number;

  @ApiProperty()
  bookingAttempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
}

/** A trip as its buyer sees it on their order. */
export function tripView(row: TripRowView): TripView {
  return {
    id: row.id,
    part: row.part,
    parts: row.parts,
    kg: row.kg,
    packs: row.packs.map((pack) => ({ packId: pack.packId, product: pack.product, sizeKg: pack.sizeKg, quantity: pack.quantity })),
    status: row.status,
    courier: row.courier,
    bookingId: row.external_id,
    feeRp: row.fee_rp,
    trackingUrl: row.tracking_url,
    failureStage: row.failure_stage,
    failureReason: row.failure_reason,
    queuedAt: toWib(row.queued_at),
    bookedAt: toWib(row.booked_at),
    pickedUpAt: toWib(row.picked_up_at),
    deliveredAt: toWib(row.delivered_at),
    failedAt: toWib(row.failed_at),
    cancelledAt: toWib(row.cancelled_at),
  };
}

/** A trip on the officer's dispatch board: who, where, and what the courier and the retries say. */
export function boardTripView(row: BoardRow): BoardTripView {
  return {
    ...tripView(row),
    orderId: row.order_id,
    pickupCode: row.pickup_code,
    orderStatus: row.order_status,
    buyerName: row.buyer_name,
    buyerPhone: row.buyer_phone,
    deliveryAddress: row.delivery_address,
    dispatchRound: row.dispatch_round,
    bookingAttempts: row.booking_attempts,
    lastError: row.last_error,
  };
}
