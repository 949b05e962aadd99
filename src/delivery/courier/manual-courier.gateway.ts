import { Injectable } from '@nestjs/common';
import { Booking, CourierError, CourierGateway } from './courier-gateway';

/**
 * For programmes without a courier contract: no API. A trip waits on the officer's dispatch board;
 * the officer books it in the courier's own app and records booking id, fee and tracking link
 * (POST /deliveries/:id/booking), then its progress. Same states and same one-booking-per-trip rule.
 */
@Injectable()
export class ManualCourierGateway extends CourierGateway {
  readonly name = 'manual';
  readonly books = false;

  createBooking(): Promise<Booking> {
    return Promise.reject(new CourierError('Manual courier: an officer books this trip in the courier app', false, undefined, 'MANUAL'));
  }

  getBooking(): Promise<Booking> {
    return Promise.reject(new CourierError('Manual courier: bookings live in the courier app', false, undefined, 'MANUAL'));
  }

  /** The officer cancels in the courier app; nothing to call. */
  async cancelBooking(): Promise<void> {}
}
