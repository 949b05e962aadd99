import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { PgError, pgErrorCode } from '../common/postgres-errors';
import { DomainEvents } from '../events/domain-events';
import { OrderStateService } from '../orders/order-state.service';
import { OrderStatus } from '../orders/order-status.enum';
import { BOOKABLE_ORDER_STATES, canTransition, FINAL_ORDER_STATES } from '../orders/order-transitions';
import { CourierBookingRepository, NewBooking } from './courier-booking.repository';
import { TripStatus } from './delivery-trip.entity';
import { LockedTrip, TripRepository } from './trip.repository';

export type TripEvent = 'picked_up' | 'delivered' | 'failed';

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
    private readonly trips: TripRepository,
    private readonly bookings: CourierBookingRepository,
  ) {}

  /** Locks the trip's order, then the trip. Null when there is no such trip. */
  lockTrip(manager: EntityManager, tripId: string): Promise<LockedTrip | null> {
    return this.trips.lockWithOrder(manager, tripId);
  }

  /** Stores the booking of a queued trip (one per trip: the unique trip_id backs this) and sends the order out. */
  async recordBooking(manager: EntityManager, trip: LockedTrip, booking: NewBooking): Promise<BookingOutcome> {
    if (trip.externalId !== null) return trip.externalId === booking.externalId ? 'already_booked' : 'surplus';
    if (trip.status !== TripStatus.Queued) return 'not_wanted';
    if (!BOOKABLE_ORDER_STATES.includes(trip.orderStatus)) {
      await this.settleUnbookable(manager, trip);
      return 'not_wanted';
    }
    try {
      await this.bookings.insert(manager, trip.id, booking);
    } catch (error) {
      if (pgErrorCode(error) === PgError.UniqueViolation) {
        throw new DomainError(ErrorCode.Conflict, `Courier booking ${booking.externalId} belongs to another trip`);
      }
      throw error;
    }
    await this.trips.markBooked(manager, trip.id);
    await this.syncOrder(manager, trip.orderId, trip.orderStatus);
    await this.events.publish(manager, { type: 'trip.booked', tripId: trip.id });
    return 'booked';
  }

  /**
   * Applies the courier's progress. Out-of-order or repeated news (picked up after delivered) changes
   * nothing and answers false.
   */
  async applyEvent(manager: EntityManager, trip: LockedTrip, event: TripEvent, reason?: string): Promise<boolean> {
    let changed: boolean;
    switch (event) {
      case 'picked_up':
        changed = await this.trips.markPickedUp(manager, trip.id);
        break;
      case 'delivered':
        changed = await this.trips.markDelivered(manager, trip.id);
        break;
      case 'failed':
        changed = await this.trips.markDeliveryFailed(
          manager,
          trip.id,
          (reason ?? 'The courier reported the delivery failed').slice(0, 500),
        );
        break;
    }
    if (!changed) return false;
    await this.syncOrder(manager, trip.orderId, trip.orderStatus);
    if (event === 'delivered') await this.events.publish(manager, { type: 'trip.delivered', tripId: trip.id });
    if (event === 'failed') await this.events.publish(manager, { type: 'trip.failed', tripId: trip.id, reason: reason ?? null });
    return true;
  }

  /** No courier could be booked: the trip fails at the booking stage (an officer can re-dispatch it). */
  async failBooking(manager: EntityManager, tripId: string, reason: string): Promise<boolean> {
    const changed = await this.trips.markBookingFailed(manager, tripId, reason.slice(0, 500));
    if (changed) await this.events.publish(manager, { type: 'trip.failed', tripId, reason });
    return changed;
  }

  async recordAttemptError(manager: EntityManager, tripId: string, message: string): Promise<void> {
    await this.trips.recordAttemptError(manager, tripId, message.slice(0, 500));
  }

  /**
   * A queued trip whose order cannot go out: handed over at the desk or cancelled (the trip is
   * cancelled), or no longer ready, e.g. its payment was reversed (the booking fails, visibly).
   */
  async settleUnbookable(manager: EntityManager, trip: LockedTrip): Promise<void> {
    if (FINAL_ORDER_STATES.includes(trip.orderStatus)) {
      await this.trips.cancelQueued(manager, trip.id);
    } else {
      await this.failBooking(manager, trip.id, `The order is ${trip.orderStatus.replace(/_/g, ' ')}, not ready at the dropping point`);
    }
  }

  /**
   * The order's status follows its trips: every part delivered -> delivered; a part on the road ->
   * out_for_delivery; nothing on the road any more (a failed trip) -> back to ready at the desk.
   * The order row must be locked by the caller (lockTrip does).
   */
  async syncOrder(manager: EntityManager, orderId: string, current: OrderStatus): Promise<OrderStatus> {
    const tally = await this.trips.partTally(manager, orderId);
    let target: OrderStatus = current;
    if (tally.parts !== null && tally.delivered === tally.parts) target = OrderStatus.Delivered;
    else if (tally.active > 0) target = OrderStatus.OutForDelivery;
    else if (current === OrderStatus.OutForDelivery) target = OrderStatus.Ready;
    if (target === current || !canTransition(current, target)) return current;
    await this.orderState.transition(manager, [orderId], target, { from: [current] });
    return target;
  }
}
