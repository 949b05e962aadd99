import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { DroppingPointsService } from '../dropping-points/dropping-points.service';
import { BOOKABLE_ORDER_STATES } from '../orders/order-transitions';
import { TripStatus } from './delivery-trip.entity';
import { ManualBookingDto, ManualProgressDto } from './dto/manual-booking.dto';
import { TripStateService } from './trip-state.service';
import { LockedTrip, TripRepository } from './trip.repository';

/**
 * The `manual` courier: an officer books a trip in the courier's own app and records it here, then
 * records its progress. Same states and the same one-booking-per-trip rule as the http courier.
 */
@Injectable()
export class ManualDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly points: DroppingPointsService,
    private readonly state: TripStateService,
    private readonly trips: TripRepository,
  ) {}

  async recordBooking(user: AuthUser, tripId: string, dto: ManualBookingDto): Promise<{ tripId: string; status: string }> {
    return this.withManualTrip(user, tripId, async (manager, trip) => {
      if (trip.externalId !== null) {
        throw new DomainError(ErrorCode.AlreadyBooked, `This trip is booked already (${trip.externalId})`);
      }
      if (trip.status !== TripStatus.Queued)
        throw DomainError.invalidTransition(`A ${trip.status.replace(/_/g, ' ')} trip cannot be booked`);
      if (!BOOKABLE_ORDER_STATES.includes(trip.orderStatus)) {
        throw DomainError.invalidTransition(`The order is ${trip.orderStatus.replace(/_/g, ' ')}, not ready at the dropping point`);
      }
      const outcome = await this.state.recordBooking(manager, trip, {
        courier: trip.courier,
        externalId: dto.bookingId,
        feeRp: dto.feeRp,
        trackingUrl: dto.trackingUrl ?? null,
        idempotencyKey: null,
        recordedByUserId: user.userId,
      });
      if (outcome !== 'booked')
        throw DomainError.invalidTransition(`The order is ${trip.orderStatus.replace(/_/g, ' ')}; the trip was not booked`);
      return { tripId, status: TripStatus.Booked };
    });
  }

  async recordProgress(user: AuthUser, tripId: string, dto: ManualProgressDto): Promise<{ tripId: string; status: string }> {
    return this.withManualTrip(user, tripId, async (manager, trip) => {
      const applied = await this.state.applyEvent(manager, trip, dto.event, dto.reason);
      if (!applied)
        throw DomainError.invalidTransition(`A ${trip.status.replace(/_/g, ' ')} trip cannot be marked ${dto.event.replace(/_/g, ' ')}`);
      return { tripId, status: await this.trips.status(manager, tripId) };
    });
  }

  private async withManualTrip<T>(
    user: AuthUser,
    tripId: string,
    fn: (manager: EntityManager, trip: LockedTrip) => Promise<T>,
  ): Promise<T> {
    const head = await this.trips.pointAndCourier(tripId);
    if (!head) throw DomainError.notFound('Trip');
    await this.points.assertOfficerScopeOrNotFound(user, head.droppingPointId, 'Trip');
    if (head.courier === 'manual') {
      return this.dataSource.transaction(async (manager) => fn(manager, (await this.state.lockTrip(manager, tripId))!));
    }
    throw DomainError.invalidTransition(`This trip is booked through the ${head.courier} courier, which reports its progress itself`);
  }
}
