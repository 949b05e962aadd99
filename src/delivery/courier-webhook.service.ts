import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
import { CourierBookingRepository } from './courier-booking.repository';
import { TripEvent, TripStateService } from './trip-state.service';
import { TripRepository } from './trip.repository';
import { verifySignature } from './webhook-signature';

/** Courier event types and what they do to the trip; others are recorded and change nothing. */
const EVENTS: Readonly<Record<string, TripEvent>> = {
  'booking.picked_up': 'picked_up',
  'booking.delivered': 'delivered',
  'booking.failed': 'failed',
  // The courier gave up on the booking (no driver found, driver cancelled): the packs stay at the desk.
  'booking.cancelled': 'failed',
};

interface WebhookEvent {
  id: string;
  type: string;
  data: { bookingId: string; reason?: string };
}

/**
 * POST /courier/webhook. Trusts nothing that is not signed with the shared secret (HMAC-SHA256 over
 * the raw body with a timestamp, at most 5 minutes old), takes each event id once (a replay is
 * refused with 409), and applies the event to the booked trip in one transaction with that record.
 */
@Injectable()
export class CourierWebhookService {
  private readonly logger = new Logger(CourierWebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly state: TripStateService,
    private readonly env: Environment,
    private readonly trips: TripRepository,
    private readonly bookings: CourierBookingRepository,
  ) {}

  async receive(rawBody: string | undefined, signature: string | undefined, body: unknown) {
    const secret = this.env.COURIER_WEBHOOK_SECRET;
    if (!secret) throw unsigned('Courier webhooks are not configured (COURIER_WEBHOOK_SECRET)');
    if (rawBody === undefined) throw unsigned('The webhook body is missing');
    const check = verifySignature(secret, rawBody, signature);
    if (!check.ok) {
      this.logger.warn(`Refused a courier webhook: ${check.reason}`);
      throw unsigned(check.reason);
    }
    const event = parseEvent(body);
    const courier = this.env.COURIER_DRIVER;
    return this.dataSource.transaction(async (manager) => {
      const recorded = await this.bookings.recordWebhookEvent(manager, {
        courier,
        eventId: event.id,
        type: event.type,
        externalBookingId: event.data.bookingId,
        payload: body,
      });
      if (!recorded) {
        throw new DomainError(ErrorCode.WebhookReplayed, `Event ${event.id} was received already`);
      }
      const tripId = await this.bookings.tripOf(manager, courier, event.data.bookingId);
      // Not (yet) known: the worker may not have recorded the booking yet. Refusing keeps the event
      // unrecorded (rollback), so the courier's retry is taken in later.
      if (tripId === null) throw DomainError.notFound(`Booking ${event.data.bookingId}`);
      const trip = (await this.state.lockTrip(manager, tripId))!;
      const action = EVENTS[event.type];
      const applied = action ? await this.state.applyEvent(manager, trip, action, event.data.reason) : false;
      if (applied) await this.bookings.markWebhookEventApplied(manager, courier, event.id);
      const tripStatus = await this.trips.status(manager, trip.id);
      return { received: true, eventId: event.id, applied, tripId: trip.id, tripStatus };
    });
  }
}

function unsigned(message: string): DomainError {
  return new DomainError(ErrorCode.WebhookSignatureInvalid, message);
}

function parseEvent(body: unknown): WebhookEvent {
  const event = body as Partial<WebhookEvent> | undefined;
  const text = (value: unknown, max: number) => typeof value === 'string' && value.length > 0 && value.length <= max;
  if (!event || typeof event !== 'object') throw DomainError.validation('body', 'The event must be a JSON object');
  if (!text(event.id, 100)) throw DomainError.validation('id', 'id must be a string of 1-100 characters');
  if (!text(event.type, 64)) throw DomainError.validation('type', 'type must be a string of 1-64 characters');
  if (!event.data || typeof event.data !== 'object' || !text(event.data.bookingId, 100)) {
    throw DomainError.validation('data.bookingId', 'data.bookingId must be a string of 1-100 characters');
  }
  const reason = typeof event.data.reason === 'string' ? event.data.reason.slice(0, 500) : undefined;
  return { id: event.id!, type: event.type!, data: { bookingId: event.data.bookingId, reason } };
}
