import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { DroppingPointsService } from '../dropping-points/dropping-points.service';
import { CancelReason, Fulfilment, OrderStatus } from '../orders/order-status.enum';
import { waveTakesOrdersSql } from '../waves/wave-transitions';
import { AdvisoryLock, lockUntilCommit } from '../database/advisory-locks';

/** An order as a desk action sees it: locked, with what the action needs to know about its wave. */
export interface DeskOrder {
  id: string;
  wave_id: string;
  dropping_point_id: string;
  buyer_id: string;
  status: OrderStatus;
  fulfilment: Fulfilment;
  pickup_code: string;
  total_kg: number;
  total_rp: number;
  cancel_reason: CancelReason | null;
  /** The wave's payment deadline has passed (database clock). */
  deadline_passed: boolean;
  /** The wave takes orders right now, so kg given back can still be sold. */
  wave_open: boolean;
}

/**
 * The transactions of the desk. Every action on an order takes, in this order, the desk lock of
 * the order's wave and point, then the order row: actions that move goods between orders of one
 * point (a goods receipt making paid orders ready, a payment or hand-over taking packs) see one
 * consistent stock, and two officers acting on one order at once are served one after the other.
 */
@Injectable()
export class DeskTransactions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly points: DroppingPointsService,
  ) {}

  /** 404 for an unknown dropping point, 403 for an officer who does not work there. */
  async assertPointScope(user: AuthUser, pointId: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM dropping_points WHERE id = $1', [pointId]);
    if (rows.length === 0) throw DomainError.notFound('Dropping point');
    await this.points.assertOfficerScope(user, pointId);
  }

  /** 404 for an unknown order and for an order at a point the officer does not serve alike; returns where the order belongs. */
  async assertOrderScope(orderId: string, user: AuthUser): Promise<{ wave_id: string; dropping_point_id: string }> {
    const heads: { wave_id: string; dropping_point_id: string }[] = await this.dataSource.query(
      'SELECT wave_id, dropping_point_id FROM orders WHERE id = $1',
      [orderId],
    );
    if (heads.length === 0) throw DomainError.notFound('Order');
    await this.points.assertOfficerScopeOrNotFound(user, heads[0].dropping_point_id, 'Order');
    return heads[0];
  }

  /** 404 for an unknown order or one at another point (assertOrderScope), then `fn` with the order locked. */
  async withOrder<T>(orderId: string, user: AuthUser, fn: (manager: EntityManager, order: DeskOrder) => Promise<T>): Promise<T> {
    return this.withLockedOrder(await this.assertOrderScope(orderId, user), orderId, fn);
  }

  /** For actions that are no officer's (a payment gateway's callback): the same locks, in the same order, no scope. */
  async withOrderUnscoped<T>(orderId: string, fn: (manager: EntityManager, order: DeskOrder) => Promise<T>): Promise<T> {
    const heads: { wave_id: string; dropping_point_id: string }[] = await this.dataSource.query(
      'SELECT wave_id, dropping_point_id FROM orders WHERE id = $1',
      [orderId],
    );
    if (heads.length === 0) throw DomainError.notFound('Order');
    return this.withLockedOrder(heads[0], orderId, fn);
  }

  private withLockedOrder<T>(
    head: { wave_id: string; dropping_point_id: string },
    orderId: string,
    fn: (manager: EntityManager, order: DeskOrder) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await lockDesk(manager, head.wave_id, head.dropping_point_id);
      const rows: DeskOrder[] = await manager.query(
        `SELECT o.id, o.wave_id, o.dropping_point_id, o.buyer_id, o.status, o.fulfilment, o.pickup_code, o.total_kg,
                o.total_rp::float8 AS total_rp, o.cancel_reason,
                w.payment_deadline <= now() AS deadline_passed,
                ${waveTakesOrdersSql('w')} AS wave_open
           FROM orders o JOIN waves w ON w.id = o.wave_id
          WHERE o.id = $1 FOR UPDATE OF o`,
        [orderId],
      );
      return fn(manager, rows[0]);
    });
  }

  /** 404 / 403 as assertPointScope, then `fn` holding the desk lock of the wave and point. */
  async withDesk<T>(waveId: string, pointId: string, user: AuthUser, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    await this.assertPointScope(user, pointId);
    return this.dataSource.transaction(async (manager) => {
      await lockDesk(manager, waveId, pointId);
      return fn(manager);
    });
  }
}

export async function lockDesk(manager: EntityManager, waveId: string, pointId: string): Promise<void> {
  await lockUntilCommit(manager, AdvisoryLock.DeskStock, `${waveId}:${pointId}`);
}
