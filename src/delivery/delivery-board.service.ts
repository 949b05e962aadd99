import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { DroppingPointsService } from '../dropping-points/dropping-points.service';
import { Fulfilment } from '../orders/order-status.enum';
import { OrdersService } from '../orders/orders.service';
import { Role } from '../users/role.enum';
import { UserStatusService } from '../users/user-status.service';
import { courierFeeEstimateRp, distanceKm } from './delivery-area';
import { TripStatus } from './delivery-trip.entity';
import { DeliveryEstimateQuery } from './dto/delivery-estimate.query';
import { BoardRow, boardTripView, TripRowView, tripView } from './delivery.view';

/**
 * A failed trip still needs the officer while its order waits for delivery and no later trip took
 * its part over; once re-dispatched, delivered or cancelled it is history, not work. SQL over `t`.
 */
const UNRESOLVED_FAILURE_SQL = `t.status = 'failed'
  AND EXISTS (SELECT 1 FROM orders o WHERE o.id = t.order_id AND o.status IN ('paid', 'ready', 'out_for_delivery'))
  AND NOT EXISTS (SELECT 1 FROM delivery_trips later WHERE later.order_id = t.order_id AND later.part = t.part
                   AND later.queued_at > t.queued_at AND later.status <> 'cancelled')`;

const TRIP_COLUMNS = `t.id, t.order_id, t.part, t.parts, t.kg, t.packs, t.courier, t.status, t.dispatch_round, t.booking_attempts,
  t.last_error, t.failure_stage, t.failure_reason, t.queued_at, t.booked_at, t.picked_up_at, t.delivered_at, t.failed_at,
  t.cancelled_at, b.external_id, b.fee_rp, b.tracking_url`;

/** Read side of deliveries: the officer's dispatch board and the buyer's view of their delivery. */
@Injectable()
export class DeliveryBoardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const rows: { name: string; latitude: number; longitude: number; delivery_radius_km: number | null }[] = await this.dataSource.query(
      'SELECT name, latitude::float8 AS latitude, longitude::float8 AS longitude, delivery_radius_km FROM dropping_points WHERE id = $1',
      [pointId],
    );
    if (rows.length === 0) throw DomainError.notFound('Dropping point');
    const [point] = rows;
    const km = distanceKm(point, query);
    const kg = query.kg ?? this.env.DELIVERY_MAX_TRIP_KG;
    const maxKg = this.env.DELIVERY_MAX_TRIP_KG;
    const tripKg = Array.from({ length: Math.ceil(kg / maxKg) }, (_, trip) => Math.min(maxKg, kg - trip * maxKg));
    return {
      droppingPointId: pointId,
      name: point.name,
      distanceKm: km,
      radiusKm: point.delivery_radius_km,
      withinRadius: point.delivery_radius_km === null || km <= point.delivery_radius_km,
      kg,
      trips: tripKg.length,
      courierFeeEstimateRp: courierFeeEstimateRp(km, tripKg),
    };
  }

  /** GET /dropping-points/:id/deliveries?waveId=: every trip of the point in the wave, counts per state, and what still waits for dispatch. */
  async board(user: AuthUser, pointId: string, waveId: string, status?: TripStatus) {
    const exists: unknown[] = await this.dataSource.query('SELECT 1 FROM dropping_points WHERE id = $1', [pointId]);
    if (exists.length === 0) throw DomainError.notFound('Dropping point');
    await this.points.assertOfficerScope(user, pointId);
    const [trips, counts, waiting, [fees]] = await Promise.all([
      this.dataSource.query<BoardRow[]>(
        `SELECT ${TRIP_COLUMNS}, o.pickup_code, o.status AS order_status, o.delivery_address, u.name AS buyer_name, u.phone AS buyer_phone
           FROM delivery_trips t
           JOIN orders o ON o.id = t.order_id
           JOIN buyers u ON u.id = o.buyer_id
           LEFT JOIN courier_bookings b ON b.trip_id = t.id
          WHERE t.dropping_point_id = $1 AND t.wave_id = $2 AND ($3::delivery_trip_status IS NULL OR t.status = $3)
          ORDER BY t.queued_at, o.pickup_code, t.part, t.id`,
        [pointId, waveId, status ?? null],
      ),
      this.dataSource.query<{ status: TripStatus; n: number }[]>(
        `SELECT t.status, count(*)::int AS n FROM delivery_trips t
          WHERE t.dropping_point_id = $1 AND t.wave_id = $2 AND (t.status <> 'failed' OR (${UNRESOLVED_FAILURE_SQL}))
          GROUP BY t.status`,
        [pointId, waveId],
      ),
      this.dataSource.query<
        { id: string; pickup_code: string; status: string; buyer_name: string; delivery_address: string; total_kg: number }[]
      >(
        `SELECT o.id, o.pickup_code, o.status, b.name AS buyer_name, o.delivery_address, o.total_kg FROM orders o
           JOIN buyers b ON b.id = o.buyer_id
          WHERE o.dropping_point_id = $1 AND o.wave_id = $2 AND o.fulfilment = 'delivery' AND o.status IN ('paid', 'ready')
            AND NOT EXISTS (SELECT 1 FROM delivery_trips t WHERE t.order_id = o.id AND t.status IN ('queued', 'booked', 'in_transit', 'delivered'))
          ORDER BY o.pickup_code`,
        [pointId, waveId],
      ),
      this.courierFeeRows(waveId, [pointId]),
    ]);
    const byStatus = Object.fromEntries(Object.values(TripStatus).map((s) => [s, 0])) as Record<TripStatus, number>;
    for (const row of counts) byStatus[row.status] = row.n;
    return {
      droppingPointId: pointId,
      waveId,
      counts: byStatus,
      trips: trips.map(boardTripView),
      /** What the couriers booked from this point for the wave charge, failed trips included (the ride was booked). */
      courierFees: { trips: fees?.trips ?? 0, totalRp: Number(fees?.total_rp ?? 0) },
      /** Paid or ready delivery orders with no trip under way, with who, where and how much: dispatch them (paid ones once their packs arrive). */
      awaitingDispatch: waiting.map((row) => ({
        orderId: row.id,
        pickupCode: row.pickup_code,
        orderStatus: row.status,
        buyerName: row.buyer_name,
        deliveryAddress: row.delivery_address,
        totalKg: Number(row.total_kg),
      })),
    };
  }

  /**
   * GET /waves/:id/courier-fees: the courier fees of the wave's bookings totalled per dropping point
   * and for the wave; an officer sees the points they work at, an administrator every point.
   */
  async courierFees(user: AuthUser, waveId: string) {
    const waves: unknown[] = await this.dataSource.query('SELECT 1 FROM waves WHERE id = $1', [waveId]);
    if (waves.length === 0) throw DomainError.notFound('Wave');
    const scope = user.role === Role.Admin ? null : await this.users.droppingPointIds(user.userId);
    const rows = await this.courierFeeRows(waveId, scope);
    return {
      waveId,
      trips: rows.reduce((sum, row) => sum + row.trips, 0),
      totalRp: rows.reduce((sum, row) => sum + Number(row.total_rp), 0),
      points: rows.map((row) => ({
        droppingPointId: row.dropping_point_id,
        name: row.name,
        trips: row.trips,
        totalRp: Number(row.total_rp),
      })),
    };
  }

  /** Booked trips and their fees per point of the wave that has any (only `points` when given). */
  private courierFeeRows(waveId: string, points: string[] | null) {
    return this.dataSource.query<{ dropping_point_id: string; name: string; trips: number; total_rp: string }[]>(
      `SELECT t.dropping_point_id, dp.name, count(*)::int AS trips, sum(b.fee_rp) AS total_rp
         FROM courier_bookings b JOIN delivery_trips t ON t.id = b.trip_id JOIN dropping_points dp ON dp.id = t.dropping_point_id
        WHERE t.wave_id = $1 AND ($2::uuid[] IS NULL OR t.dropping_point_id = ANY ($2))
        GROUP BY 1, 2 ORDER BY 2`,
      [waveId, points],
    );
  }

  /** GET /orders/:id/delivery: the trips of a home-delivery order with their tracking links. */
  async forOrder(user: AuthUser, orderId: string) {
    const order = await this.orders.get(orderId, user);
    if (order.fulfilment !== Fulfilment.Delivery)
      throw DomainError.notFound('Home delivery of this order (it is picked up at the dropping point)');
    const trips: TripRowView[] = await this.dataSource.query(
      `SELECT ${TRIP_COLUMNS} FROM delivery_trips t LEFT JOIN courier_bookings b ON b.trip_id = t.id
        WHERE t.order_id = $1 ORDER BY t.part, t.queued_at, t.id`,
      [orderId],
    );
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
