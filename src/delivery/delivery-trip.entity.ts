import { Check, Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { sqlList } from '../common/sql-list';
import { OrderRecord } from '../orders/order-record.entity';

/**
 * queued -> booked -> in_transit -> delivered, or -> failed (booking failed, or the courier
 * failed the delivery), or -> cancelled (the order left the desk before a courier was booked).
 */
export enum TripStatus {
  Queued = 'queued',
  Booked = 'booked',
  InTransit = 'in_transit',
  Delivered = 'delivered',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

export enum FailureStage {
  /** No courier could be booked (the last retry failed, or the courier refused the booking). */
  Booking = 'booking',
  /** A courier was booked but reported the delivery failed: the packs are back at the desk. */
  Delivery = 'delivery',
}

/** A courier holds the trip: booked to collect the packs, or carrying them. */
export const ACTIVE_TRIP_STATUSES: readonly TripStatus[] = [TripStatus.Booked, TripStatus.InTransit];

/** A trip in one of these holds its part of the order; a part has at most one such trip (unique index). */
export const LIVE_TRIP_STATUSES: readonly TripStatus[] = [TripStatus.Queued, ...ACTIVE_TRIP_STATUSES, TripStatus.Delivered];

/** A set of trip statuses as an SQL list, `('a', 'b')`, for queries that cannot take it as a parameter. */
export function tripStatusesSql(statuses: readonly TripStatus[]): string {
  return sqlList(statuses);
}

export interface TripPack {
  packId: string;
  product: string;
  sizeKg: number;
  quantity: number;
}

/**
 * One motorbike trip carrying part of a home-delivery order (an order heavier than what a
 * motorbike carries is split into parts 1..parts). A part has at most one live trip; a failed trip
 * stays as history and a re-dispatch of a delivery failure makes a new trip for the same part.
 * Its courier booking, at most one, is in courier_bookings.
 */
@Entity('delivery_trips')
@Index('uq_delivery_trips_live_part', ['orderId', 'part'], {
  unique: true,
  where: `"status" IN ${tripStatusesSql(LIVE_TRIP_STATUSES)}`,
})
@Index(['waveId', 'droppingPointId', 'status'])
@Check('chk_delivery_trips_part', '"part" BETWEEN 1 AND "parts"')
@Check('chk_delivery_trips_kg_positive', '"kg" > 0')
@Check('chk_delivery_trips_round_positive', '"dispatch_round" >= 1')
@Check('chk_delivery_trips_failure', `("status" = 'failed') = ("failure_stage" IS NOT NULL)`)
export class DeliveryTrip extends OrderRecord {
  @Column({ type: 'smallint' })
  part: number;

  @Column({ type: 'smallint' })
  parts: number;

  @Column({ type: 'integer' })
  kg: number;

  @Column({ type: 'jsonb' })
  packs: TripPack[];

  /** The courier gateway that books it (COURIER_DRIVER when the trip was made): http or manual. */
  @Column({ type: 'varchar', length: 32 })
  courier: string;

  @Column({ type: 'enum', enum: TripStatus, enumName: 'delivery_trip_status', default: TripStatus.Queued })
  status: TripStatus;

  /** Grows with each re-dispatch of a failed booking; part of the booking job's id. */
  @Column({ type: 'integer', default: 1 })
  dispatchRound: number;

  /** Booking calls made to the courier (retries included). */
  @Column({ type: 'integer', default: 0 })
  bookingAttempts: number;

  /** The last booking error, also while retries are still to come. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'enum', enum: FailureStage, enumName: 'delivery_failure_stage', nullable: true })
  failureStage: FailureStage | null;

  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  queuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  bookedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pickedUpAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
