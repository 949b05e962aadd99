import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Fulfilment, OrderStatus } from '../orders/order-status.enum';
import { orderStatesSql, PAID_AT_POINT_STATES, PAID_OWED_STATES } from '../orders/order-transitions';
import { ACTIVE_TRIP_STATUSES, FailureStage, LIVE_TRIP_STATUSES, TripPack, TripStatus, tripStatusesSql } from './delivery-trip.entity';
import type { BoardRow, TripRowView } from './delivery.view';

/** A trip locked with its order, as the state changes need it. */
export interface LockedTrip {
  id: string;
  orderId: string;
  waveId: string;
  droppingPointId: string;
  part: number;
  parts: number;
  status: TripStatus;
  courier: string;
  dispatchRound: number;
  failureStage: FailureStage | null;
  /** The booking's external id, when booked. */
  externalId: string | null;
  orderStatus: OrderStatus;
}

/** What the trips of an order say about it: parts, parts delivered, trips on the road. */
export interface PartTally {
  parts: number | null;
  delivered: number;
  active: number;
}

export interface DispatchOrder {
  id: string;
  status: OrderStatus;
  fulfilment: Fulfilment;
  pickupCode: string;
}

export interface DispatchTrip {
  id: string;
  orderId: string;
  part: number;
  parts: number;
  kg: number;
  packs: TripPack[];
  status: TripStatus;
  failureStage: FailureStage | null;
  courier: string;
  dispatchRound: number;
}

export interface NewTripPart {
  orderId: string;
  part: number;
  parts: number;
  kg: number;
  packs: TripPack[];
}

/** Everything the courier needs to book a trip. */
export interface BookingContext {
  id: string;
  orderId: string;
  status: TripStatus;
  part: number;
  parts: number;
  kg: number;
  packs: TripPack[];
  externalId: string | null;
  orderStatus: OrderStatus;
  pickupCode: string;
  deliveryAddress: string;
  deliveryLatitude: number | null;
  deliveryLongitude: number | null;
  buyerName: string;
  buyerPhone: string;
  pointName: string;
  pointAddress: string;
  pointLatitude: number;
  pointLongitude: number;
}

export interface AwaitingDispatch {
  orderId: string;
  pickupCode: string;
  orderStatus: string;
  buyerName: string;
  deliveryAddress: string;
  totalKg: number;
}

export interface PointLocation {
  name: string;
  latitude: number;
  longitude: number;
  deliveryRadiusKm: number | null;
}

/** A trip's own columns as the queries return them: TripRowView's, with its states typed. */
type TripRow = Pick<TripRowView, 'id' | 'order_id' | 'part' | 'parts' | 'kg' | 'packs' | 'courier' | 'dispatch_round'> & {
  status: TripStatus;
  failure_stage: FailureStage | null;
};

const DISPATCH_TRIP_COLUMNS = 'id, order_id, part, parts, kg, packs, status, failure_stage, courier, dispatch_round';

/**
 * A failed trip still needs the officer while its order waits for delivery and no later trip took
 * its part over; once re-dispatched, delivered or cancelled it is history, not work. SQL over `t`.
 */
const UNRESOLVED_FAILURE_SQL = `t.status = 'failed'
  AND EXISTS (SELECT 1 FROM orders o WHERE o.id = t.order_id AND o.status IN ${orderStatesSql(PAID_OWED_STATES)})
  AND NOT EXISTS (SELECT 1 FROM delivery_trips later WHERE later.order_id = t.order_id AND later.part = t.part
                   AND later.queued_at > t.queued_at AND later.status <> 'cancelled')`;

const TRIP_COLUMNS = `t.id, t.order_id, t.part, t.parts, t.kg, t.packs, t.courier, t.status, t.dispatch_round, t.booking_attempts,
  t.last_error, t.failure_stage, t.failure_reason, t.queued_at, t.booked_at, t.picked_up_at, t.delivered_at, t.failed_at,
  t.cancelled_at, b.external_id, b.fee_rp, b.tracking_url`;

function dispatchTrip(row: TripRow): DispatchTrip {
  return {
    id: row.id,
    orderId: row.order_id,
    part: row.part,
    parts: row.parts,
    kg: row.kg,
    packs: row.packs,
    status: row.status,
    failureStage: row.failure_stage,
    courier: row.courier,
    dispatchRound: row.dispatch_round,
  };
}

/** Delivery trips: their locks and state changes, dispatch, booking context and the read side. */
@Injectable()
export class TripRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Locks the trip's order, then the trip. Null when there is no such trip. */
  async lockWithOrder(manager: EntityManager, tripId: string): Promise<LockedTrip | null> {
    const heads: { order_id: string }[] = await manager.query('SELECT order_id FROM delivery_trips WHERE id = $1', [tripId]);
    if (heads.length === 0) return null;
    const orders: { status: OrderStatus }[] = await manager.query('SELECT status FROM orders WHERE id = $1 FOR UPDATE', [
      heads[0].order_id,
    ]);
    const [trip]: (Omit<TripRow, 'kg' | 'packs'> & { wave_id: string; dropping_point_id: string; external_id: string | null })[] =
      await manager.query(
        `SELECT t.id, t.order_id, t.wave_id, t.dropping_point_id, t.part, t.parts, t.status, t.courier, t.dispatch_round, t.failure_stage,
              b.external_id
         FROM delivery_trips t LEFT JOIN courier_bookings b ON b.trip_id = t.id
        WHERE t.id = $1 FOR UPDATE OF t`,
        [tripId],
      );
    return {
      id: trip.id,
      orderId: trip.order_id,
      waveId: trip.wave_id,
      droppingPointId: trip.dropping_point_id,
      part: trip.part,
      parts: trip.parts,
      status: trip.status,
      courier: trip.courier,
      dispatchRound: trip.dispatch_round,
      failureStage: trip.failure_stage,
      externalId: trip.external_id,
      orderStatus: orders[0].status,
    };
  }

  async status(manager: EntityManager, tripId: string): Promise<TripStatus> {
    const [trip]: { status: TripStatus }[] = await manager.query('SELECT status FROM delivery_trips WHERE id = $1', [tripId]);
    return trip.status;
  }

  /** Where the trip leaves from and who books it; null when there is no such trip. */
  async pointAndCourier(tripId: string): Promise<{ droppingPointId: string; courier: string } | null> {
    const rows: { dropping_point_id: string; courier: string }[] = await this.dataSource.query(
      'SELECT dropping_point_id, courier FROM delivery_trips WHERE id = $1',
      [tripId],
    );
    return rows.length === 0 ? null : { droppingPointId: rows[0].dropping_point_id, courier: rows[0].courier };
  }

  async markBooked(manager: EntityManager, tripId: string): Promise<void> {
    await manager.query(
      `UPDATE delivery_trips SET status = 'booked', booked_at = now(), last_error = NULL WHERE id = $1 AND status = 'queued'`,
      [tripId],
    );
  }

  /** False when the trip was not booked (out-of-order or repeated news). */
  async markPickedUp(manager: EntityManager, tripId: string): Promise<boolean> {
    const [, changed]: [unknown, number] = await manager.query(
      `UPDATE delivery_trips SET status = 'in_transit', picked_up_at = now() WHERE id = $1 AND status = 'booked'`,
      [tripId],
    );
    return changed > 0;
  }

  /** False when the trip was not on the road. */
  async markDelivered(manager: EntityManager, tripId: string): Promise<boolean> {
    const [, changed]: [unknown, number] = await manager.query(
      `UPDATE delivery_trips SET status = 'delivered', delivered_at = now(), picked_up_at = coalesce(picked_up_at, now())
        WHERE id = $1 AND status IN ${tripStatusesSql(ACTIVE_TRIP_STATUSES)}`,
      [tripId],
    );
    return changed > 0;
  }

  /** False when the trip was not on the road. */
  async markDeliveryFailed(manager: EntityManager, tripId: string, reason: string): Promise<boolean> {
    const [, changed]: [unknown, number] = await manager.query(
      `UPDATE delivery_trips SET status = 'failed', failure_stage = 'delivery', failure_reason = $2, failed_at = now()
        WHERE id = $1 AND status IN ${tripStatusesSql(ACTIVE_TRIP_STATUSES)}`,
      [tripId, reason],
    );
    return changed > 0;
  }

  /** A queued trip with no booking fails at the booking stage; false when it was not such a trip. */
  async markBookingFailed(manager: EntityManager, tripId: string, reason: string): Promise<boolean> {
    const [, changed]: [unknown, number] = await manager.query(
      `UPDATE delivery_trips SET status = 'failed', failure_stage = 'booking', failure_reason = $2, failed_at = now()
        WHERE id = $1 AND status = 'queued' AND NOT EXISTS (SELECT 1 FROM courier_bookings b WHERE b.trip_id = $1)`,
      [tripId, reason],
    );
    return changed > 0;
  }

  async recordAttemptError(manager: EntityManager, tripId: string, message: string): Promise<void> {
    await manager.query('UPDATE delivery_trips SET last_error = $2 WHERE id = $1', [tripId, message]);
  }

  async countBookingAttempt(tripId: string): Promise<void> {
    await this.dataSource.query('UPDATE delivery_trips SET booking_attempts = booking_attempts + 1 WHERE id = $1', [tripId]);
  }

  async cancelQueued(manager: EntityManager, tripId: string): Promise<void> {
    await manager.query(`UPDATE delivery_trips SET status = 'cancelled', cancelled_at = now() WHERE id = $1 AND status = 'queued'`, [
      tripId,
    ]);
  }

  async partTally(manager: EntityManager, orderId: string): Promise<PartTally> {
    const [tally]: PartTally[] = await manager.query(
      `SELECT max(parts)::int AS parts,
              count(DISTINCT part) FILTER (WHERE status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE status IN ${tripStatusesSql(ACTIVE_TRIP_STATUSES)})::int AS active
         FROM delivery_trips WHERE order_id = $1`,
      [orderId],
    );
    return tally;
  }

  async pointInWave(pointId: string, waveId: string): Promise<{ point: boolean; wave: boolean; served: boolean }> {
    const [row]: { point: boolean; wave: boolean; served: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM dropping_points WHERE id = $1) AS point,
              EXISTS (SELECT 1 FROM waves WHERE id = $2) AS wave,
              EXISTS (SELECT 1 FROM wave_dropping_points WHERE dropping_point_id = $1 AND wave_id = $2) AS served`,
      [pointId, waveId],
    );
    return row;
  }

  /** Locks the point's home-delivery orders of the wave in one of `statuses`, in id order. */
  async lockDeliveryOrders(
    manager: EntityManager,
    waveId: string,
    pointId: string,
    statuses: readonly OrderStatus[],
  ): Promise<DispatchOrder[]> {
    const rows: { id: string; status: OrderStatus; fulfilment: Fulfilment; pickup_code: string }[] = await manager.query(
      `SELECT id, status, fulfilment, pickup_code FROM orders
        WHERE wave_id = $1 AND dropping_point_id = $2 AND fulfilment = 'delivery' AND status = ANY ($3)
        ORDER BY id FOR UPDATE`,
      [waveId, pointId, statuses],
    );
    return rows.map((row) => ({ id: row.id, status: row.status, fulfilment: row.fulfilment, pickupCode: row.pickup_code }));
  }

  /** Locks those of `orderIds` that are orders of the point in the wave, in id order. */
  async lockOrdersOfPoint(manager: EntityManager, waveId: string, pointId: string, orderIds: string[]): Promise<DispatchOrder[]> {
    const rows: { id: string; status: OrderStatus; fulfilment: Fulfilment; pickup_code: string }[] = await manager.query(
      `SELECT id, status, fulfilment, pickup_code FROM orders
        WHERE wave_id = $1 AND dropping_point_id = $2 AND id = ANY ($3) ORDER BY id FOR UPDATE`,
      [waveId, pointId, orderIds],
    );
    return rows.map((row) => ({ id: row.id, status: row.status, fulfilment: row.fulfilment, pickupCode: row.pickup_code }));
  }

  /** Every trip of the orders, newest first. */
  async tripsOfOrders(manager: EntityManager, orderIds: string[]): Promise<DispatchTrip[]> {
    const rows: TripRow[] = await manager.query(
      `SELECT ${DISPATCH_TRIP_COLUMNS} FROM delivery_trips WHERE order_id = ANY ($1) ORDER BY queued_at DESC, id`,
      [orderIds],
    );
    return rows.map(dispatchTrip);
  }

  /** The packs of each order, by order id. */
  async packsOfOrders(manager: EntityManager, orderIds: string[]): Promise<Map<string, TripPack[]>> {
    if (orderIds.length === 0) return new Map();
    const rows: { order_id: string; pack_id: string; product: string; size_kg: number; quantity: number }[] = await manager.query(
      `SELECT i.order_id, i.wave_pack_id AS pack_id, p.name AS product, i.size_kg, i.quantity
         FROM order_items i JOIN wave_products wp ON wp.id = i.wave_product_id JOIN products p ON p.id = wp.product_id
        WHERE i.order_id = ANY ($1)`,
      [orderIds],
    );
    const byOrder = new Map<string, TripPack[]>();
    for (const row of rows) {
      const pack = { packId: row.pack_id, product: row.product, sizeKg: row.size_kg, quantity: row.quantity };
      byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), pack]);
    }
    return byOrder;
  }

  /** Queues the parts as new trips; a part that has a live trip already is skipped. */
  async insertTrips(
    manager: EntityManager,
    scope: { waveId: string; pointId: string; courier: string },
    parts: NewTripPart[],
  ): Promise<DispatchTrip[]> {
    if (parts.length === 0) return [];
    const rows: TripRow[] = await manager.query(
      `INSERT INTO delivery_trips (order_id, wave_id, dropping_point_id, part, parts, kg, packs, courier)
       SELECT o, $2::uuid, $3::uuid, p, n, kg, packs, $8
         FROM unnest($1::uuid[], $4::smallint[], $5::smallint[], $6::int[], $7::jsonb[]) AS x(o, p, n, kg, packs)
       ON CONFLICT (order_id, part) WHERE status IN ${tripStatusesSql(LIVE_TRIP_STATUSES)} DO NOTHING
       RETURNING ${DISPATCH_TRIP_COLUMNS}`,
      [
        parts.map((part) => part.orderId),
        scope.waveId,
        scope.pointId,
        parts.map((part) => part.part),
        parts.map((part) => part.parts),
        parts.map((part) => part.kg),
        parts.map((part) => JSON.stringify(part.packs)),
        scope.courier,
      ],
    );
    return rows.map(dispatchTrip);
  }

  /** Trips whose booking failed go back to the queue under the same idempotency key (their id), in a new dispatch round: if the courier did book one after all, the retry gets that booking. */
  async requeueFailedBookings(manager: EntityManager, tripIds: string[]): Promise<DispatchTrip[]> {
    if (tripIds.length === 0) return [];
    const [rows]: [TripRow[], number] = await manager.query(
      `UPDATE delivery_trips
          SET status = 'queued', failure_stage = NULL, failure_reason = NULL, failed_at = NULL, last_error = NULL,
              dispatch_round = dispatch_round + 1
        WHERE id = ANY ($1) AND status = 'failed' AND failure_stage = 'booking'
        RETURNING ${DISPATCH_TRIP_COLUMNS}`,
      [tripIds],
    );
    return rows.map(dispatchTrip);
  }

  async bookingContext(tripId: string): Promise<BookingContext | undefined> {
    const rows: {
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
    }[] = await this.dataSource.query(
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
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      orderId: row.order_id,
      status: row.status,
      part: row.part,
      parts: row.parts,
      kg: row.kg,
      packs: row.packs,
      externalId: row.external_id,
      orderStatus: row.order_status,
      pickupCode: row.pickup_code,
      deliveryAddress: row.delivery_address,
      deliveryLatitude: row.delivery_latitude === null ? null : Number(row.delivery_latitude),
      deliveryLongitude: row.delivery_longitude === null ? null : Number(row.delivery_longitude),
      buyerName: row.buyer_name,
      buyerPhone: row.buyer_phone,
      pointName: row.point_name,
      pointAddress: row.point_address,
      pointLatitude: Number(row.point_latitude),
      pointLongitude: Number(row.point_longitude),
    };
  }

  async pointLocation(pointId: string): Promise<PointLocation | null> {
    const rows: { name: string; latitude: number; longitude: number; delivery_radius_km: number | null }[] = await this.dataSource.query(
      'SELECT name, latitude::float8 AS latitude, longitude::float8 AS longitude, delivery_radius_km FROM dropping_points WHERE id = $1',
      [pointId],
    );
    if (rows.length === 0) return null;
    const [point] = rows;
    return { name: point.name, latitude: point.latitude, longitude: point.longitude, deliveryRadiusKm: point.delivery_radius_km };
  }

  async pointExists(pointId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM dropping_points WHERE id = $1', [pointId]);
    return rows.length > 0;
  }

  async waveExists(waveId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM waves WHERE id = $1', [waveId]);
    return rows.length > 0;
  }

  /** The point's trips in the wave (only those in `status` when given), as the dispatch board lists them. */
  boardTrips(pointId: string, waveId: string, status?: TripStatus): Promise<BoardRow[]> {
    return this.dataSource.query<BoardRow[]>(
      `SELECT ${TRIP_COLUMNS}, o.pickup_code, o.status AS order_status, o.delivery_address, u.name AS buyer_name, u.phone AS buyer_phone
         FROM delivery_trips t
         JOIN orders o ON o.id = t.order_id
         JOIN buyers u ON u.id = o.buyer_id
         LEFT JOIN courier_bookings b ON b.trip_id = t.id
        WHERE t.dropping_point_id = $1 AND t.wave_id = $2 AND ($3::delivery_trip_status IS NULL OR t.status = $3)
        ORDER BY t.queued_at, o.pickup_code, t.part, t.id`,
      [pointId, waveId, status ?? null],
    );
  }

  /** Trips of the point in the wave per state, failed ones only while they still need the officer. */
  async countsByStatus(pointId: string, waveId: string): Promise<Record<TripStatus, number>> {
    const rows: { status: TripStatus; n: number }[] = await this.dataSource.query(
      `SELECT t.status, count(*)::int AS n FROM delivery_trips t
        WHERE t.dropping_point_id = $1 AND t.wave_id = $2 AND (t.status <> 'failed' OR (${UNRESOLVED_FAILURE_SQL}))
        GROUP BY t.status`,
      [pointId, waveId],
    );
    const byStatus = Object.fromEntries(Object.values(TripStatus).map((s) => [s, 0])) as Record<TripStatus, number>;
    for (const row of rows) byStatus[row.status] = row.n;
    return byStatus;
  }

  /** Paid or ready delivery orders of the point in the wave with no trip under way. */
  async awaitingDispatch(pointId: string, waveId: string): Promise<AwaitingDispatch[]> {
    const rows: { id: string; pickup_code: string; status: string; buyer_name: string; delivery_address: string; total_kg: number }[] =
      await this.dataSource.query(
        `SELECT o.id, o.pickup_code, o.status, b.name AS buyer_name, o.delivery_address, o.total_kg FROM orders o
           JOIN buyers b ON b.id = o.buyer_id
          WHERE o.dropping_point_id = $1 AND o.wave_id = $2 AND o.fulfilment = 'delivery' AND o.status IN ${orderStatesSql(PAID_AT_POINT_STATES)}
            AND NOT EXISTS (SELECT 1 FROM delivery_trips t WHERE t.order_id = o.id AND t.status IN ${tripStatusesSql(LIVE_TRIP_STATUSES)})
          ORDER BY o.pickup_code`,
        [pointId, waveId],
      );
    return rows.map((row) => ({
      orderId: row.id,
      pickupCode: row.pickup_code,
      orderStatus: row.status,
      buyerName: row.buyer_name,
      deliveryAddress: row.delivery_address,
      totalKg: Number(row.total_kg),
    }));
  }

  /** The trips of an order with their bookings, by part. */
  tripsOfOrder(orderId: string): Promise<TripRowView[]> {
    return this.dataSource.query<TripRowView[]>(
      `SELECT ${TRIP_COLUMNS} FROM delivery_trips t LEFT JOIN courier_bookings b ON b.trip_id = t.id
        WHERE t.order_id = $1 ORDER BY t.part, t.queued_at, t.id`,
      [orderId],
    );
  }
}
