import type { TripPack } from '../delivery-trip.entity';

/** What a courier needs to book one motorbike trip. */
export interface BookingRequest {
  /** Same key for every attempt of the same trip: the courier answers a repeat with the first booking. */
  idempotencyKey: string;
  /** Our reference, shown to the driver and echoed in webhooks (the trip id). */
  reference: string;
  pickup: { name: string; address: string; latitude: number; longitude: number; note?: string };
  dropoff: { name: string; phone: string; address: string; latitude: number | null; longitude: number | null; note?: string };
  parcel: { description: string; weightKg: number; packs: TripPack[] };
}

export interface Booking {
  /** The courier's booking id. */
  externalId: string;
  status: string;
  feeRp: number;
  trackingUrl: string | null;
}

/**
 * Why a courier call failed. Retryable: timeouts, network errors, 429 and 5xx (and a 409 for a
 * request with the same key still in flight); the booking job tries again with backoff. Not
 * retryable: the courier refused the booking itself (4xx validation), which no retry can fix.
 */
export class CourierError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly code?: string,
    /** From a 429's Retry-After: the backoff waits at least this long. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CourierError';
  }
}

/** The courier service as the workers see it. Another provider is another implementation of this. */
export abstract class CourierGateway {
  /** Stored on each trip: which gateway books it. */
  abstract readonly name: string;
  /** False when trips are booked by an officer in the courier's own app (no API, no jobs). */
  abstract readonly books: boolean;
  abstract createBooking(request: BookingRequest): Promise<Booking>;
  abstract getBooking(externalId: string): Promise<Booking>;
  abstract cancelBooking(externalId: string): Promise<void>;
}
