import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { PgError, pgErrorCode } from '../common/postgres-errors';
import { DomainEvents } from '../events/domain-events';
import { OrderStateService } from '../orders/order-state.service';
import { OrderStatus } from '../orders/order-status.enum';
import { canTransition, FINAL_ORDER_STATES } from '../orders/order-transitions';
import { FailureStage, TripStatus } from './delivery-trip.entity';

/** Order states in which a trip may be booked: the packs are at the desk, or other parts are on the road. */
export const BOOKABLE_ORDER_STATES: readonly OrderStatus[] = [OrderStatus.Ready, OrderStatus.OutForDelivery];

export type TripEvent = 'picked_up' | 'delivered' | 'failed';

export interface LockedTrip {
  id: string;
  order_id: string;
  wave_id: string;
  dropping_point_id: string;
  part: number;
  parts: number;
  status: TripStatus;
  courier: string;
  dispatch_round: number;
  failure_stage: FailureStage | null;
  /** The booking's external id, when booked. */
  external_id: string | null;
  order_status: OrderStatus;
}

export interface NewBooking {
  courier: string;
  externalId: string;
  feeRp: number;
  trackingUrl: string | null;
  idempotencyKey: string | null;
  recordedByUserId: string | null;
}

export type BookingOutcome =
  /** Recorded; the order is out for delivery. */
  | 'booked'
  /** The trip holds this very booking already (a job that ran twice). */
  | 'already_booked'
  /** The trip holds another booking: the new one is surplus and must be cancelled at the courier. */
  | 'surplus'
  /** The order left the desk (handed over, cancelled) or the trip is no longer waiting: cancel the booking. */
  | 'not_wanted';

/**
 * Every change of a trip's state, and what it means for its order, in the caller's transaction.
 * Lock order, everywhere in delivery: the order row, then its trips (the desk locks its point, then
 * the order), so delivery and desk transactions never wait on each other in a circle.
 */
@Injectable()
export class TripStateService {
  constructor(
    private readonly events: DomainEvents,
    private readonly orderState: OrderStateService,
  ) {}

  /** Locks the trip's order, then the trip. Null when there is no such trip. */
  async lockTrip(manager: EntityManager, tripId: string): Promise<LockedTrip | null> {
    const heads: { order_id: string }[] = await manager.query('SELECT order_id FROM delivery_trips WHERE id = $1', [tripId]);
    if (heads.length === 0) return null;
    const orders: { status: OrderStatus }[] = await manager.query('SELECT status FROM orders WHERE id = $1 FOR UPDATE', [
      heads[0].order_id,
    ]);
    const trips: Omit<LockedTrip, 'order_status'>[] = await manager.query(
      `SELECT t.id, t.order_id, t.wave_id, t.dropping_point_id, t.part, t.parts, t.status, t.courier, t.dispatch_round, t.failure_stage,
              b.external_id
         FROM delivery_trips t LEFT JOIN courier_bookings b ON b.trip_id = t.id
        WHERE t.id = $1 FOR UPDATE OF t`,
      [tripId],
    );
    return { ...trips[0], order_status: orders[0].status };
  }

  /** Stores the booking of a queued trip (one per trip: the unique trip_id backs this) and sends the order out. */
  async recordBooking(manager: EntityManager, trip: LockedTrip, booking: NewBooking): Promise<BookingOutcome> {
    if (trip.external_id !== null) return trip.external_id === booking.externalId ? 'already_booked' : 'surplus';
    if (trip.status !== TripStatus.Queued) return 'not_wanted';
    if (!BOOKABLE_ORDER_STATES.includes(trip.order_status)) {
      await this.settleUnbookable(manager, trip);
      return 'not_wanted';
    }
    try {
      await manager.query(
        `INSERT INTO courier_bookings (trip_id, courier, external_id, idempotency_key, fee_rp, tracking_url, recorded_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          trip.id,
          booking.courier,
          booking.externalId,
          booking.idempotencyKey,
          booking.feeRp,
          booking.trackingUrl,
          booking.recordedByUserId,
        ],
      );
    } catch (error) {
      if (pgErrorCode(error) === PgError.UniqueViolation) {
        throw new DomainError(ErrorCode.Conflict, `Courier booking ${booking.externalId} belongs to another trip`);
      }
      throw error;
    }
    await manager.query(
      `UPDATE delivery_trips SET status = 'booked', booked_at = now(), last_error = NULL WHERE id = $1 AND status = 'queued'`,
      [trip.id],
    );
    await this.syncOrder(manager, trip.order_id, trip.order_status);
    await this.events.publish(manager, { type: 'trip.booked', tripId: trip.id });
    return 'booked';
  }

  /**
   * Applies the courier's progress. Out-of-order or repeated news (picked up after delivered) changes
   * nothing and answers false.
   */
  async applyEvent(manager: EntityManager, trip: LockedTrip, event: TripEvent, reason?: string): Promise<boolean> {
    let changed: number;
    switch (event) {
      case 'picked_up':
        [, changed] = await manager.query(
          `UPDATE delivery_trips SET status = 'in_transit', picked_up_at = now() WHERE id = $1 AND status = 'booked'`,
          [trip.id],
        );
        break;
      case 'delivered':
        [, changed] = await manager.query(
          `UPDATE delivery_trips SET status = 'delivered', delivered_at = now(), picked_up_at = coalesce(picked_up_at, now())
            WHERE id = $1 AND status IN ('booked', 'in_transit')`,
          [trip.id],
        );
        break;
      case 'failed':
        [, changed] = await manager.query(
          `UPDATE delivery_trips SET status = 'failed', failure_stage = 'delivery', failure_reason = $2, failed_at = now()
            WHERE id = $1 AND status IN ('booked', 'in_transit')`,
          [trip.id, (reason ?? 'The courier reported the delivery failed').slice(0, 500)],
        );
        break;
    }
    if (changed === 0) return false;
    await this.syncOrder(manager, trip.order_id, trip.order_status);
    if (event === 'delivered') await this.events.publish(manager, { type: 'trip.delivered', tripId: trip.id });
    if (event === 'failed') await this.events.publish(manager, { type: 'trip.failed', tripId: trip.id, reason: reason ?? null });
    return true;
  }

  /** No courier could be booked: the trip fails at the booking stage (an officer can re-dispatch it). */
  async failBooking(manager: EntityManager, tripId: string, reason: string): Promise<boolean> {
    const [, changed]: [unknown, number] = await manager.query(
      `UPDATE delivery_trips SET status = 'failed', failure_stage = 'booking', failure_reason = $2, failed_at = now()
        WHERE id = $1 AND status = 'queued' AND NOT EXISTS (SELECT 1 FROM courier_bookings b WHERE b.trip_id = $1)`,
      [tripId, reason.slice(0, 500)],
    );
    if (changed > 0) await this.events.publish(manager, { type: 'trip.failed', tripId, reason });
    return changed > 0;
  }

  async recordAttemptError(manager: EntityManager, tripId: string, message: string): Promise<void> {
    await manager.query('UPDATE delivery_trips SET last_error = $2 WHERE id = $1', [tripId, message.slice(0, 500)]);
  }

  /**
   * A queued trip whose order cannot go out: handed over at the desk or cancelled (the trip is
   * cancelled), or no longer ready, e.g. its payment was reversed (the booking fails, visibly).
   */
  async settleUnbookable(manager: EntityManager, trip: LockedTrip): Promise<void> {
    if (FINAL_ORDER_STATES.includes(trip.order_status)) {
      await manager.query(`UPDATE delivery_trips SET status = 'cancelled', cancelled_at = now() WHERE id = $1 AND status = 'queued'`, [
        trip.id,
      ]);
    } else {
      await this.failBooking(manager, trip.id, `The order is ${trip.order_status.replace(/_/g, ' ')}, not ready at the dropping point`);
    }
  }

  /**
   * The order's status follows its trips: every part delivered -> delivered; a part on the road ->
   * out_for_delivery; nothing on the road any more (a failed trip) -> back to ready at the desk.
   * The order row must be locked by the caller (lockTrip does).
   */
  async syncOrder(manager: EntityManager, orderId: string, current: OrderStatus): Promise<OrderStatus> {
    const [tally]: { parts: number | null; delivered: number; active: number }[] = await manager.query(
      `SELECT max(parts)::int AS parts,
              count(DISTINCT part) FILTER (WHERE status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE status IN ('booked', 'in_transit'))::int AS active
         FROM delivery_trips WHERE order_id = $1`,
      [orderId],
    );
    let target: OrderStatus = current;
    if (tally.parts !== null && tally.delivered === tally.parts) target = OrderStatus.Delivered;
    else if (tally.active > 0) target = OrderStatus.OutForDelivery;
    else if (current === OrderStatus.OutForDelivery) target = OrderStatus.Ready;
    if (target === current || !canTransition(current, target)) return current;
    await this.orderState.transition(manager, [orderId], target, { from: [current] });
    return target;
  }
}
