import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { BOOKABLE_ORDER_STATES } from '../orders/order-transitions';
import { OutboxService } from '../outbox/outbox.service';
import { BookingRequest, CourierError, CourierGateway } from './courier/courier-gateway';
import { TripStatus } from './delivery-trip.entity';
import { BookingOutcome, TripStateService } from './trip-state.service';
import { describePacks } from './trip-split';
import { BookingContext, TripRepository } from './trip.repository';

export type BookJobOutcome = BookingOutcome | 'missing' | 'not_queued' | 'unbookable';

/**
 * Books one trip with the courier: the work of a `book-trip` job, in a worker process. Safe to run
 * any number of times for the same trip, at once or one after another: the courier sees the same
 * Idempotency-Key (the trip id) and answers with the same booking, and the database keeps one
 * booking per trip. Slow courier calls happen outside any database transaction.
 */
@Injectable()
export class TripBookingService {
  private readonly logger = new Logger(TripBookingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly courier: CourierGateway,
    private readonly state: TripStateService,
    private readonly outbox: OutboxService,
    private readonly trips: TripRepository,
  ) {}

  /**
   * @param jobId the job's id, whose outbox intent is settled when the booking is recorded or given up
   * @param finalAttempt no retry follows if this attempt fails
   */
  async book(tripId: string, jobId: string, finalAttempt: boolean): Promise<BookJobOutcome> {
    const trip = await this.trips.bookingContext(tripId);
    if (!trip) return this.settle(jobId, 'missing');
    if (trip.externalId !== null) return this.settle(jobId, 'already_booked');
    if (trip.status !== TripStatus.Queued) return this.settle(jobId, 'not_queued');
    if (!BOOKABLE_ORDER_STATES.includes(trip.orderStatus)) {
      await this.dataSource.transaction(async (manager) => {
        const locked = await this.state.lockTrip(manager, tripId);
        if (locked && locked.status === TripStatus.Queued && !BOOKABLE_ORDER_STATES.includes(locked.orderStatus)) {
          await this.state.settleUnbookable(manager, locked);
        }
        await this.outbox.complete(manager, jobId);
      });
      return 'unbookable';
    }

    await this.trips.countBookingAttempt(tripId);
    let booking;
    try {
      booking = await this.courier.createBooking(this.request(trip));
    } catch (error) {
      const failure = error instanceof CourierError ? error : new CourierError((error as Error).message, true);
      const givingUp = finalAttempt || !failure.retryable;
      await this.dataSource.transaction(async (manager) => {
        await this.state.recordAttemptError(manager, tripId, failure.message);
        if (givingUp) {
          await this.state.failBooking(manager, tripId, failure.message);
          await this.outbox.complete(manager, jobId);
        }
      });
      if (!failure.retryable) throw new UnrecoverableError(failure.message);
      throw failure;
    }

    const outcome = await this.dataSource.transaction(async (manager) => {
      const locked = await this.state.lockTrip(manager, tripId);
      const result: BookingOutcome = locked
        ? await this.state.recordBooking(manager, locked, {
            courier: this.courier.name,
            externalId: booking.externalId,
            feeRp: booking.feeRp,
            trackingUrl: booking.trackingUrl,
            idempotencyKey: tripId,
            recordedByUserId: null,
          })
        : 'not_wanted';
      await this.outbox.complete(manager, jobId);
      return result;
    });
    if (outcome === 'surplus' || outcome === 'not_wanted') {
      // Nobody will use this booking: give it back so no driver comes (and no fee is due).
      await this.courier.cancelBooking(booking.externalId).catch((error) => {
        this.logger.warn(`Could not cancel surplus booking ${booking.externalId} of trip ${tripId}: ${(error as Error).message}`);
      });
    }
    return outcome;
  }

  /** The job failed for good without book() settling it (e.g. it stalled too often): the trip fails visibly. */
  async giveUp(tripId: string, jobId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.state.failBooking(manager, tripId, reason);
      await this.outbox.complete(manager, jobId);
    });
  }

  private async settle<T extends BookJobOutcome>(jobId: string, outcome: T): Promise<T> {
    await this.dataSource.transaction((manager) => this.outbox.complete(manager, jobId));
    return outcome;
  }

  private request(trip: BookingContext): BookingRequest {
    const partNote = trip.parts > 1 ? ` (parcel ${trip.part} of ${trip.parts})` : '';
    return {
      idempotencyKey: trip.id,
      reference: trip.id,
      pickup: {
        name: trip.pointName,
        address: trip.pointAddress,
        latitude: trip.pointLatitude,
        longitude: trip.pointLongitude,
        note: `Pickup code ${trip.pickupCode}${partNote}`,
      },
      dropoff: {
        name: trip.buyerName,
        phone: trip.buyerPhone,
        address: trip.deliveryAddress,
        latitude: trip.deliveryLatitude,
        longitude: trip.deliveryLongitude,
        note: `Order ${trip.pickupCode}${partNote}`,
      },
      parcel: { description: describePacks(trip.packs), weightKg: trip.kg, packs: trip.packs },
    };
  }
}
