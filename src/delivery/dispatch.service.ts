import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
import { DroppingPointsService } from '../dropping-points/dropping-points.service';
import { DomainEvents } from '../events/domain-events';
import { Fulfilment, OrderStatus } from '../orders/order-status.enum';
import { OutboxService } from '../outbox/outbox.service';
import { JOB_IDS, JOBS } from '../queues/queue-names';
import { FailureStage, LIVE_TRIP_STATUSES, TripPack, TripStatus } from './delivery-trip.entity';
import { PackTooHeavyError, PartPlan, splitIntoTrips } from './trip-split';

export interface DispatchedTrip {
  id: string;
  orderId: string;
  part: number;
  parts: number;
  kg: number;
  courier: string;
  status: TripStatus;
  dispatchRound: number;
}

export interface DispatchResult {
  waveId: string;
  droppingPointId: string;
  /** Trips queued for a courier now (new, or re-dispatched after a failure). */
  queuedTrips: number;
  trips: DispatchedTrip[];
  /** Orders with nothing to queue, and why. */
  unchanged: { orderId: string; pickupCode: string; reason: string }[];
}

interface Scope {
  waveId: string;
  pointId: string;
  /** Chosen orders; each must be a ready home-delivery order of the point and wave. */
  orderIds?: string[];
  /** Re-dispatch parts whose trip failed (officer action); the goods receipt only queues new orders. */
  redispatch: boolean;
}

interface OrderRow {
  id: string;
  status: OrderStatus;
  fulfilment: Fulfilment;
  pickup_code: string;
}

interface TripRow {
  id: string;
  order_id: string;
  part: number;
  parts: number;
  kg: number;
  packs: TripPack[];
  status: TripStatus;
  failure_stage: FailureStage | null;
  courier: string;
  dispatch_round: number;
}

const DISPATCHABLE: readonly OrderStatus[] = [OrderStatus.Ready, OrderStatus.OutForDelivery];
const LIVE = LIVE_TRIP_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * Puts home-delivery orders on the road: splits each into motorbike trips and records, in the
 * caller's transaction, one outbox intent per trip to book. Never talks to Redis or the courier:
 * the relay enqueues after commit, a worker books.
 */
@Injectable()
export class DispatchService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly points: DroppingPointsService,
    private readonly outbox: OutboxService,
    private readonly events: DomainEvents,
    private readonly env: Environment,
  ) {}

  /** The cooperative's goods arrived at the point: every ready home-delivery order there goes out. */
  onModuleInit(): void {
    this.events.subscribe('goods.received', (manager, event) =>
      this.queue(manager, { waveId: event.waveId, pointId: event.droppingPointId, redispatch: false }).then(() => undefined),
    );
  }

  /** The officer's "dispatch" (POST /dropping-points/:id/dispatch). */
  async dispatch(user: AuthUser, pointId: string, waveId: string, orderIds?: string[]): Promise<DispatchResult> {
    await this.assertPointInWave(pointId, waveId);
    await this.points.assertOfficerScope(user, pointId);
    return this.dataSource.transaction((manager) => this.queue(manager, { waveId, pointId, orderIds, redispatch: true }));
  }

  async queue(manager: EntityManager, scope: Scope): Promise<DispatchResult> {
    const result: DispatchResult = { waveId: scope.waveId, droppingPointId: scope.pointId, queuedTrips: 0, trips: [], unchanged: [] };
    const orders = await this.lockOrders(manager, scope);
    if (orders.length === 0) return result;
    const existing = await this.tripsOf(
      manager,
      orders.map((order) => order.id),
    );
    const fresh = orders.filter((order) => !existing.has(order.id));
    const items = await this.itemsOf(
      manager,
      fresh.map((order) => order.id),
    );

    const inserts: { order: OrderRow; part: number; parts: number; plan: PartPlan }[] = [];
    const requeues: string[] = [];
    for (const order of orders) {
      const trips = existing.get(order.id);
      if (!trips) {
        let plans: PartPlan[];
        try {
          plans = splitIntoTrips(items.get(order.id) ?? [], this.env.DELIVERY_MAX_TRIP_KG);
        } catch (error) {
          if (!(error instanceof PackTooHeavyError)) throw error;
          if (scope.orderIds) throw new DomainError(ErrorCode.PackTooHeavy, `Order ${order.pickup_code}: ${error.message}`);
          result.unchanged.push({ orderId: order.id, pickupCode: order.pickup_code, reason: error.message });
          continue;
        }
        plans.forEach((plan, i) => inserts.push({ order, part: i + 1, parts: plans.length, plan }));
        continue;
      }
      if (!scope.redispatch) {
        result.unchanged.push({ orderId: order.id, pickupCode: order.pickup_code, reason: 'already dispatched' });
        continue;
      }
      let queuedAny = false;
      const parts = trips[0].parts;
      for (let part = 1; part <= parts; part++) {
        const ofPart = trips.filter((trip) => trip.part === part);
        if (ofPart.some((trip) => LIVE_TRIP_STATUSES.includes(trip.status))) continue;
        const latest = ofPart[0];
        if (!latest) continue;
        queuedAny = true;
        if (
          latest.status === TripStatus.Failed &&
          latest.failure_stage === FailureStage.Booking &&
          latest.courier === this.env.COURIER_DRIVER
        ) {
          requeues.push(latest.id);
        } else {
          inserts.push({ order, part, parts, plan: { kg: latest.kg, packs: latest.packs } });
        }
      }
      if (!queuedAny)
        result.unchanged.push({
          orderId: order.id,
          pickupCode: order.pickup_code,
          reason: 'every part is queued, on its way or delivered',
        });
    }

    const queued = [...(await this.insertTrips(manager, scope, inserts)), ...(await this.requeueTrips(manager, requeues))];
    if (this.env.COURIER_DRIVER !== 'manual') {
      await this.outbox.add(
        manager,
        queued.map((trip) => ({
          name: JOBS.bookTrip,
          jobId: JOB_IDS.bookTrip(trip.id, trip.dispatch_round),
          payload: { tripId: trip.id },
        })),
      );
    }
    result.queuedTrips = queued.length;
    result.trips = queued
      .sort((a, b) => a.order_id.localeCompare(b.order_id) || a.part - b.part)
      .map((trip) => ({
        id: trip.id,
        orderId: trip.order_id,
        part: trip.part,
        parts: trip.parts,
        kg: trip.kg,
        courier: trip.courier,
        status: trip.status,
        dispatchRound: trip.dispatch_round,
      }));
    return result;
  }

  private async assertPointInWave(pointId: string, waveId: string): Promise<void> {
    const rows: { point: boolean; wave: boolean; served: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM dropping_points WHERE id = $1) AS point,
              EXISTS (SELECT 1 FROM waves WHERE id = $2) AS wave,
              EXISTS (SELECT 1 FROM wave_dropping_points WHERE dropping_point_id = $1 AND wave_id = $2) AS served`,
      [pointId, waveId],
    );
    if (!rows[0].point) throw DomainError.notFound('Dropping point');
    if (!rows[0].wave) throw DomainError.notFound('Wave');
    if (!rows[0].served) throw DomainError.validation('waveId', 'This wave does not serve this dropping point');
  }

  /** Locks the orders in id order (two dispatches at once wait for each other instead of deadlocking). */
  private async lockOrders(manager: EntityManager, scope: Scope): Promise<OrderRow[]> {
    if (!scope.orderIds) {
      const statuses = scope.redispatch ? DISPATCHABLE : [OrderStatus.Ready];
      return manager.query(
        `SELECT id, status, fulfilment, pickup_code FROM orders
          WHERE wave_id = $1 AND dropping_point_id = $2 AND fulfilment = 'delivery' AND status = ANY ($3)
          ORDER BY id FOR UPDATE`,
        [scope.waveId, scope.pointId, statuses],
      );
    }
    const orders: OrderRow[] = await manager.query(
      `SELECT id, status, fulfilment, pickup_code FROM orders
        WHERE wave_id = $1 AND dropping_point_id = $2 AND id = ANY ($3) ORDER BY id FOR UPDATE`,
      [scope.waveId, scope.pointId, scope.orderIds],
    );
    const found = new Set(orders.map((order) => order.id));
    const missing = scope.orderIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new DomainError(ErrorCode.NotFound, `No order ${missing[0]} at this dropping point in this wave`, { orderIds: missing });
    }
    for (const order of orders) {
      if (order.fulfilment !== Fulfilment.Delivery) {
        throw DomainError.invalidTransition(`Order ${order.pickup_code} is picked up at the dropping point, not delivered home`);
      }
      if (!DISPATCHABLE.includes(order.status)) {
        const why = [OrderStatus.Placed, OrderStatus.Paid].includes(order.status)
          ? ': its packs are not ready at the dropping point yet'
          : '';
        throw DomainError.invalidTransition(`Order ${order.pickup_code} is ${order.status.replace(/_/g, ' ')}${why}`);
      }
    }
    return orders;
  }

  /** Every trip of the orders, newest first per order. */
  private async tripsOf(manager: EntityManager, orderIds: string[]): Promise<Map<string, TripRow[]>> {
    const rows: TripRow[] = await manager.query(
      `SELECT id, order_id, part, parts, kg, packs, status, failure_stage, courier, dispatch_round
         FROM delivery_trips WHERE order_id = ANY ($1) ORDER BY queued_at DESC, id`,
      [orderIds],
    );
    const byOrder = new Map<string, TripRow[]>();
    for (const row of rows) byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), row]);
    return byOrder;
  }

  private async itemsOf(manager: EntityManager, orderIds: string[]): Promise<Map<string, TripPack[]>> {
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

  private async insertTrips(
    manager: EntityManager,
    scope: Scope,
    inserts: { order: OrderRow; part: number; parts: number; plan: PartPlan }[],
  ): Promise<TripRow[]> {
    if (inserts.length === 0) return [];
    return manager.query(
      `INSERT INTO delivery_trips (order_id, wave_id, dropping_point_id, part, parts, kg, packs, courier)
       SELECT o, $2::uuid, $3::uuid, p, n, kg, packs, $8
         FROM unnest($1::uuid[], $4::smallint[], $5::smallint[], $6::int[], $7::jsonb[]) AS x(o, p, n, kg, packs)
       ON CONFLICT (order_id, part) WHERE status IN (${LIVE}) DO NOTHING
       RETURNING id, order_id, part, parts, kg, packs, status, failure_stage, courier, dispatch_round`,
      [
        inserts.map((insert) => insert.order.id),
        scope.waveId,
        scope.pointId,
        inserts.map((insert) => insert.part),
        inserts.map((insert) => insert.parts),
        inserts.map((insert) => insert.plan.kg),
        inserts.map((insert) => JSON.stringify(insert.plan.packs)),
        this.env.COURIER_DRIVER,
      ],
    );
  }

  /** A trip whose booking failed goes back to the queue under the same idempotency key (its id): if the courier did book it after all, the retry gets that booking. */
  private async requeueTrips(manager: EntityManager, tripIds: string[]): Promise<TripRow[]> {
    if (tripIds.length === 0) return [];
    const [rows]: [TripRow[], number] = await manager.query(
      `UPDATE delivery_trips
          SET status = 'queued', failure_stage = NULL, failure_reason = NULL, failed_at = NULL, last_error = NULL,
              dispatch_round = dispatch_round + 1
        WHERE id = ANY ($1) AND status = 'failed' AND failure_stage = 'booking'
        RETURNING id, order_id, part, parts, kg, packs, status, failure_stage, courier, dispatch_round`,
      [tripIds],
    );
    return rows;
  }
}
