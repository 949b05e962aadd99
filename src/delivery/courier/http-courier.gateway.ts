import { Injectable } from '@nestjs/common';
import { Environment } from '../../config/environment';
import { Booking, BookingRequest, CourierError, CourierGateway } from './courier-gateway';

interface BookingBody {
  id: string;
  status: string;
  fee?: { amount: number; currency: string };
  trackingUrl?: string | null;
}

/**
 * A same-day motorbike courier API over HTTP: POST /v1/bookings with an Idempotency-Key,
 * GET /v1/bookings/:id, POST /v1/bookings/:id/cancel; bearer API key; bounded by a timeout. The
 * courier reports progress through the signed webhook (CourierWebhookService).
 */
@Injectable()
export class HttpCourierGateway extends CourierGateway {
  readonly name = 'http';
  readonly books = true;

  constructor(private readonly env: Environment) {
    super();
  }

  async createBooking(request: BookingRequest): Promise<Booking> {
    const body = {
      reference: request.reference,
      serviceType: 'MOTORCYCLE',
      pickup: {
        name: request.pickup.name,
        address: request.pickup.address,
        coordinates: { lat: request.pickup.latitude, lng: request.pickup.longitude },
        note: request.pickup.note,
      },
      dropoff: {
        name: request.dropoff.name,
        phone: request.dropoff.phone,
        address: request.dropoff.address,
        coordinates:
          request.dropoff.latitude === null || request.dropoff.longitude === null
            ? null
            : { lat: request.dropoff.latitude, lng: request.dropoff.longitude },
        note: request.dropoff.note,
      },
      parcel: {
        description: request.parcel.description,
        weightKg: request.parcel.weightKg,
        items: request.parcel.packs.map((pack) => ({
          name: `${pack.product} ${pack.sizeKg} kg`,
          quantity: pack.quantity,
          weightKg: pack.sizeKg,
        })),
      },
    };
    return toBooking(await this.call('POST', '/v1/bookings', body, { 'Idempotency-Key': request.idempotencyKey }));
  }

  async getBooking(externalId: string): Promise<Booking> {
    return toBooking(await this.call('GET', `/v1/bookings/${encodeURIComponent(externalId)}`));
  }

  async cancelBooking(externalId: string): Promise<void> {
    await this.call('POST', `/v1/bookings/${encodeURIComponent(externalId)}/cancel`, {});
  }

  private async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.env.COURIER_BASE_URL), {
        method,
        headers: {
          Authorization: `Bearer ${this.env.COURIER_API_KEY}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.env.COURIER_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      throw new CourierError(
        timedOut ? `Courier did not answer within ${this.env.COURIER_TIMEOUT_MS} ms` : `Courier unreachable: ${causeOf(error)}`,
        true,
        undefined,
        timedOut ? 'TIMEOUT' : 'NETWORK',
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new CourierError(`Courier answer cut off: ${causeOf(error)}`, true, response.status, 'NETWORK');
    }
    const parsed = parseJson(text);
    if (response.ok) return parsed;
    const code = typeof parsed === 'object' && parsed && 'code' in parsed ? String(parsed.code) : undefined;
    const message = typeof parsed === 'object' && parsed && 'message' in parsed ? String(parsed.message) : text.slice(0, 200);
    const status = response.status;
    if (status === 429) {
      throw new CourierError(
        `Courier rate limit (429): ${message}`,
        true,
        status,
        code ?? 'RATE_LIMITED',
        retryAfterMs(response.headers.get('retry-after')),
      );
    }
    // 409: a request with the same Idempotency-Key is still being processed; asking again soon gets its answer.
    const retryable = status >= 500 || status === 408 || status === 409;
    throw new CourierError(`Courier answered ${status}: ${message}`, retryable, status, code);
  }
}

function toBooking(body: unknown): Booking {
  const booking = body as BookingBody;
  if (!booking || typeof booking.id !== 'string')
    throw new CourierError('Courier answered without a booking id', true, undefined, 'BAD_RESPONSE');
  return {
    externalId: booking.id,
    status: booking.status,
    feeRp: Math.round(booking.fee?.amount ?? 0),
    trackingUrl: booking.trackingUrl ?? null,
  };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
