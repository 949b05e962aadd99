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
import { FailureStage, LIVE_TRIP_STATUSES, TripStatus } from './delivery-trip.entity';
import { PackTooHeavyError, PartPlan, splitIntoTrips } from './trip-split';
import { DispatchOrder, DispatchTrip, NewTripPart, TripRepository } from './trip.repository';

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

const DISPATCHABLE: readonly OrderStatus[] = [OrderStatus.Ready, OrderStatus.OutForDelivery];

/**
 * Puts home-delivery orders on the road: splits each into motorbike trips and records, in the
 * caller's transaction, one outbox intent per trip to book. Never talks to Redis or the courier:
 * the relay enqueues after commit, a worker books.
 */
@Injectable()
export class DispatchService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trips: TripRepository,
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
    const items = await this.trips.packsOfOrders(
      manager,
      fresh.map((order) => order.id),
    );

    const inserts: NewTripPart[] = [];
    const requeues: string[] = [];
    for (const order of orders) {
      const trips = existing.get(order.id);
      if (!trips) {
        let plans: PartPlan[];
        try {
          plans = splitIntoTrips(items.get(order.id) ?? [], this.env.DELIVERY_MAX_TRIP_KG);
        } catch (error) {
          if (!(error instanceof PackTooHeavyError)) throw error;
          if (scope.orderIds) throw new DomainError(ErrorCode.PackTooHeavy, `Order ${order.pickupCode}: ${error.message}`);
          result.unchanged.push({ orderId: order.id, pickupCode: order.pickupCode, reason: error.message });
          continue;
        }
        plans.forEach((plan, i) => inserts.push({ orderId: order.id, part: i + 1, parts: plans.length, kg: plan.kg, packs: plan.packs }));
        continue;
      }
      if (!scope.redispatch) {
        result.unchanged.push({ orderId: order.id, pickupCode: order.pickupCode, reason: 'already dispatched' });
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
          latest.failureStage === FailureStage.Booking &&
          latest.courier === this.env.COURIER_DRIVER
        ) {
          requeues.push(latest.id);
        } else {
          inserts.push({ orderId: order.id, part, parts, kg: latest.kg, packs: latest.packs });
        }
      }
      if (!queuedAny)
        result.unchanged.push({
          orderId: order.id,
          pickupCode: order.pickupCode,
          reason: 'every part is queued, on its way or delivered',
        });
    }

    const queued = [
      ...(await this.trips.insertTrips(
        manager,
        { waveId: scope.waveId, pointId: scope.pointId, courier: this.env.COURIER_DRIVER },
        inserts,
      )),
      ...(await this.trips.requeueFailedBookings(manager, requeues)),
    ];
    if (this.env.COURIER_DRIVER !== 'manual') {
      await this.outbox.add(
        manager,
        queued.map((trip) => ({
          name: JOBS.bookTrip,
          jobId: JOB_IDS.bookTrip(trip.id, trip.dispatchRound),
          payload: { tripId: trip.id },
        })),
      );
    }
    result.queuedTrips = queued.length;
    result.trips = queued
      .sort((a, b) => a.orderId.localeCompare(b.orderId) || a.part - b.part)
      .map((trip) => ({
        id: trip.id,
        orderId: trip.orderId,
        part: trip.part,
        parts: trip.parts,
        kg: trip.kg,
        courier: trip.courier,
        status: trip.status,
        dispatchRound: trip.dispatchRound,
      }));
    return result;
  }

  private async assertPointInWave(pointId: string, waveId: string): Promise<void> {
    const found = await this.trips.pointInWave(pointId, waveId);
    if (!found.point) throw DomainError.notFound('Dropping point');
    if (!found.wave) throw DomainError.notFound('Wave');
    if (!found.served) throw DomainError.validation('waveId', 'This wave does not serve this dropping point');
  }

  /** Locks the orders in id order (two dispatches at once wait for each other instead of deadlocking). */
  private async lockOrders(manager: EntityManager, scope: Scope): Promise<DispatchOrder[]> {
    if (!scope.orderIds) {
      const statuses = scope.redispatch ? DISPATCHABLE : [OrderStatus.Ready];
      return this.trips.lockDeliveryOrders(manager, scope.waveId, scope.pointId, statuses);
    }
    const orders = await this.trips.lockOrdersOfPoint(manager, scope.waveId, scope.pointId, scope.orderIds);
    const found = new Set(orders.map((order) => order.id));
    const missing = scope.orderIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new DomainError(ErrorCode.NotFound, `No order ${missing[0]} at this dropping point in this wave`, { orderIds: missing });
    }
    for (const order of orders) {
      if (order.fulfilment !== Fulfilment.Delivery) {
        throw DomainError.invalidTransition(`Order ${order.pickupCode} is picked up at the dropping point, not delivered home`);
      }
      if (!DISPATCHABLE.includes(order.status)) {
        const why = [OrderStatus.Placed, OrderStatus.Paid].includes(order.status)
          ? ': its packs are not ready at the dropping point yet'
          : '';
        throw DomainError.invalidTransition(`Order ${order.pickupCode} is ${order.status.replace(/_/g, ' ')}${why}`);
      }
    }
    return orders;
  }

  /** Every trip of the orders, newest first per order. */
  private async tripsOf(manager: EntityManager, orderIds: string[]): Promise<Map<string, DispatchTrip[]>> {
    const byOrder = new Map<string, DispatchTrip[]>();
    for (const trip of await this.trips.tripsOfOrders(manager, orderIds))
      byOrder.set(trip.orderId, [...(byOrder.get(trip.orderId) ?? []), trip]);
    return byOrder;
  }
}
