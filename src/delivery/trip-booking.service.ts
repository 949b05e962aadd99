import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { OrderStatus } from '../orders/order-status.enum';
import { OutboxService } from '../outbox/outbox.service';
import { BookingRequest, CourierError, CourierGateway } from './courier/courier-gateway';
import { TripPack, TripStatus } from './delivery-trip.entity';
import { BOOKABLE_ORDER_STATES, BookingOutcome, TripStateService } from './trip-state.service';
import { describePacks } from './trip-split';

interface TripContext {
  id: string;
  order_id: string;
  status: TripStatus;
  part: number;
  parts: number;
  kg: number;
  packs: TripPack[];
  external_id: string | null;
  order_status: OrderStatus;
  pickup_code: string;
  delivery_address: string;
  delivery_latitude: string | null;
  delivery_longitude: string | null;
  buyer_name: string;
  buyer_phone: string;
  point_name: string;
  point_address: string;
  point_latitude: string;
  point_longitude: string;
}

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
  ) {}

  /**
   * @param jobId the job's id, whose outbox intent is settled when the booking is recorded or given up
   * @param finalAttempt no retry follows if this attempt fails
   */
  async book(tripId: string, jobId: string, finalAttempt: boolean): Promise<BookJobOutcome> {
    const trip = await this.context(tripId);
    if (!trip) return this.settle(jobId, 'missing');
    if (trip.external_id !== null) return this.settle(jobId, 'already_booked');
    if (trip.status !== TripStatus.Queued) return this.settle(jobId, 'not_queued');
    if (!BOOKABLE_ORDER_STATES.includes(trip.order_status)) {
      await this.dataSource.transaction(async (manager) => {
        const locked = await this.state.lockTrip(manager, tripId);
        if (locked && locked.status === TripStatus.Queued && !BOOKABLE_ORDER_STATES.includes(locked.order_status)) {
          await this.state.settleUnbookable(manager, locked);
        }
        await this.outbox.complete(manager, jobId);
      });
      return 'unbookable';
    }

    await this.dataSource.query('UPDATE delivery_trips SET booking_attempts = booking_attempts + 1 WHERE id = $1', [tripId]);
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

  private async context(tripId: string): Promise<TripContext | undefined> {
    const rows: TripContext[] = await this.dataSource.query(
      `SELECT t.id, t.order_id, t.status, t.part, t.parts, t.kg, t.packs, b.external_id,
              o.status AS order_status, o.pickup_code, o.delivery_address, o.delivery_latitude, o.delivery_longitude,
              u.name AS buyer_name, u.phone AS buyer_phone,
              p.name AS point_name, p.address AS point_address, p.latitude AS point_latitude, p.longitude AS point_longitude
         FROM delivery_trips t
         JOIN orders o ON o.id = t.order_id
         JOIN buyers u ON u.id = o.buyer_id
         JOIN dropping_points p ON p.id = t.dropping_point_id
         LEFT JOIN courier_bookings b ON b.trip_id = t.id
        WHERE t.id = $1`,
      [tripId],
    );
    return rows[0];
  }

  private request(trip: TripContext): BookingRequest {
    const partNote = trip.parts > 1 ? ` (parcel ${trip.part} of ${trip.parts})` : '';
    return {
      idempotencyKey: trip.id,
      reference: trip.id,
      pickup: {
        name: trip.point_name,
        address: trip.point_address,
        latitude: Number(trip.point_latitude),
        longitude: Number(trip.point_longitude),
        note: `Pickup code ${trip.pickup_code}${partNote}`,
      },
      dropoff: {
        name: trip.buyer_name,
        phone: trip.buyer_phone,
        address: trip.delivery_address,
        latitude: trip.delivery_latitude === null ? null : Number(trip.delivery_latitude),
        longitude: trip.delivery_longitude === null ? null : Number(trip.delivery_longitude),
        note: `Order ${trip.pickup_code}${partNote}`,
      },
      parcel: { description: describePacks(trip.packs), weightKg: trip.kg, packs: trip.packs },
    };
  }
}
