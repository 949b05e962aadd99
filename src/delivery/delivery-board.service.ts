import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { DroppingPointsService } from '../dropping-points/dropping-points.service';
import { Fulfilment } from '../orders/order-status.enum';
import { OrdersService } from '../orders/orders.service';
import { Role } from '../users/role.enum';
import { UserStatusService } from '../users/user-status.service';
import { CourierBookingRepository } from './courier-booking.repository';
import { courierFeeEstimateRp, distanceKm } from './delivery-area';
import { TripStatus } from './delivery-trip.entity';
import { DeliveryEstimateQuery } from './dto/delivery-estimate.query';
import { boardTripView, tripView } from './delivery.view';
import { TripRepository } from './trip.repository';

/** Read side of deliveries: the officer's dispatch board and the buyer's view of their delivery. */
@Injectable()
export class DeliveryBoardService {
  constructor(
    private readonly trips: TripRepository,
    private readonly bookings: CourierBookingRepository,
    private readonly points: DroppingPointsService,
    private readonly orders: OrdersService,
    private readonly env: Environment,
    private readonly users: UserStatusService,
  ) {}

  /**
   * GET /dropping-points/:id/delivery-estimate: before ordering, how far an address is from the
   * point, whether its ojek delivers there, and what the courier will likely charge.
   */
  async estimate(pointId: string, query: DeliveryEstimateQuery) {
    const point = await this.trips.pointLocation(pointId);
    if (!point) throw DomainError.notFound('Dropping point');
    const km = distanceKm(point, query);
    const kg = query.kg ?? this.env.DELIVERY_MAX_TRIP_KG;
    const maxKg = this.env.DELIVERY_MAX_TRIP_KG;
    const tripKg = Array.from({ length: Math.ceil(kg / maxKg) }, (_, trip) => Math.min(maxKg, kg - trip * maxKg));
    return {
      droppingPointId: pointId,
      name: point.name,
      distanceKm: km,
      radiusKm: point.deliveryRadiusKm,
      withinRadius: point.deliveryRadiusKm === null || km <= point.deliveryRadiusKm,
      kg,
      trips: tripKg.length,
      courierFeeEstimateRp: courierFeeEstimateRp(km, tripKg),
    };
  }

  /** GET /dropping-points/:id/deliveries?waveId=: every trip of the point in the wave, counts per state, and what still waits for dispatch. */
  async board(user: AuthUser, pointId: string, waveId: string, status?: TripStatus) {
    if (!(await this.trips.pointExists(pointId))) throw DomainError.notFound('Dropping point');
    await this.points.assertOfficerScope(user, pointId);
    const [trips, counts, awaitingDispatch, [fees]] = await Promise.all([
      this.trips.boardTrips(pointId, waveId, status),
      this.trips.countsByStatus(pointId, waveId),
      this.trips.awaitingDispatch(pointId, waveId),
      this.bookings.feesPerPoint(waveId, [pointId]),
    ]);
    return {
      droppingPointId: pointId,
      waveId,
      counts,
      trips: trips.map(boardTripView),
      /** What the couriers booked from this point for the wave charge, failed trips included (the ride was booked). */
      courierFees: { trips: fees?.trips ?? 0, totalRp: fees?.totalRp ?? 0 },
      /** Paid or ready delivery orders with no trip under way, with who, where and how much: dispatch them (paid ones once their packs arrive). */
      awaitingDispatch,
    };
  }

  /**
   * GET /waves/:id/courier-fees: the courier fees of the wave's bookings totalled per dropping point
   * and for the wave; an officer sees the points they work at, an administrator every point.
   */
  async courierFees(user: AuthUser, waveId: string) {
    if (!(await this.trips.waveExists(waveId))) throw DomainError.notFound('Wave');
    const scope = user.role === Role.Admin ? null : await this.users.droppingPointIds(user.userId);
    const points = await this.bookings.feesPerPoint(waveId, scope);
    return {
      waveId,
      trips: points.reduce((sum, point) => sum + point.trips, 0),
      totalRp: points.reduce((sum, point) => sum + point.totalRp, 0),
      points,
    };
  }

  /** GET /orders/:id/delivery: the trips of a home-delivery order with their tracking links. */
  async forOrder(user: AuthUser, orderId: string) {
    const order = await this.orders.get(orderId, user);
    if (order.fulfilment !== Fulfilment.Delivery)
      throw DomainError.notFound('Home delivery of this order (it is picked up at the dropping point)');
    const trips = await this.trips.tripsOfOrder(orderId);
    const views = trips.map(tripView);
    const delivered = views.filter((trip) => trip.status === 'delivered');
    const parts = views.length > 0 ? views[0].parts : 0;
    return {
      orderId: order.id,
      orderStatus: order.status,
      /** Parts delivered of all parts: an order back at the desk (ready) may have part of it at home already. */
      parts,
      partsDelivered: delivered.length,
      deliveredKg: delivered.reduce((sum, trip) => sum + trip.kg, 0),
      partlyDelivered: delivered.length > 0 && delivered.length < parts,
      deliveryAddress: order.deliveryAddress,
      totalKg: order.totalKg,
      trips: views,
      trackingUrls: views
        .filter((trip) => trip.trackingUrl && ['booked', 'in_transit'].includes(trip.status))
        .map((trip) => trip.trackingUrl),
    };
  }
}
