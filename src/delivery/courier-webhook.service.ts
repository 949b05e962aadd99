import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
import { TripEvent, TripStateService } from './trip-state.service';
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
      const recorded: unknown[] = await manager.query(
        `INSERT INTO courier_webhook_events (courier, event_id, type, external_booking_id, applied, payload)
         VALUES ($1, $2, $3, $4, false, $5) ON CONFLICT DO NOTHING RETURNING event_id`,
        [courier, event.id, event.type, event.data.bookingId, JSON.stringify(body)],
      );
      if (recorded.length === 0) {
        throw new DomainError(ErrorCode.WebhookReplayed, `Event ${event.id} was received already`);
      }
      const bookings: { trip_id: string }[] = await manager.query(
        'SELECT trip_id FROM courier_bookings WHERE courier = $1 AND external_id = $2',
        [courier, event.data.bookingId],
      );
      // Not (yet) known: the worker may not have recorded the booking yet. Refusing keeps the event
      // unrecorded (rollback), so the courier's retry is taken in later.
      if (bookings.length === 0) throw DomainError.notFound(`Booking ${event.data.bookingId}`);
      const trip = (await this.state.lockTrip(manager, bookings[0].trip_id))!;
      const action = EVENTS[event.type];
      const applied = action ? await this.state.applyEvent(manager, trip, action, event.data.reason) : false;
      if (applied) {
        await manager.query('UPDATE courier_webhook_events SET applied = true WHERE courier = $1 AND event_id = $2', [courier, event.id]);
      }
      const [after]: { status: string }[] = await manager.query('SELECT status FROM delivery_trips WHERE id = $1', [trip.id]);
      return { received: true, eventId: event.id, applied, tripId: trip.id, tripStatus: after.status };
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
