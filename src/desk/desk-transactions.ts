import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { DroppingPointsService } from '../dropping-points/dropping-points.service';
import { AdvisoryLock, lockUntilCommit } from '../database/advisory-locks';
import { DeskOrder, DeskRepository, OrderPlace } from './desk.repository';

export type { DeskOrder } from './desk.repository';

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
    private readonly repository: DeskRepository,
  ) {}

  /** 404 for an unknown dropping point, 403 for an officer who does not work there. */
  async assertPointScope(user: AuthUser, pointId: string): Promise<void> {
    if (!(await this.repository.pointExists(pointId))) throw DomainError.notFound('Dropping point');
    await this.points.assertOfficerScope(user, pointId);
  }

  /** 404 for an unknown order and for an order at a point the officer does not serve alike; returns where the order belongs. */
  async assertOrderScope(orderId: string, user: AuthUser): Promise<OrderPlace> {
    const place = await this.repository.orderPlace(orderId);
    if (!place) throw DomainError.notFound('Order');
    await this.points.assertOfficerScopeOrNotFound(user, place.droppingPointId, 'Order');
    return place;
  }

  /** 404 for an unknown order or one at another point (assertOrderScope), then `fn` with the order locked. */
  async withOrder<T>(orderId: string, user: AuthUser, fn: (manager: EntityManager, order: DeskOrder) => Promise<T>): Promise<T> {
    return this.withLockedOrder(await this.assertOrderScope(orderId, user), orderId, fn);
  }

  /** For actions that are no officer's (a payment gateway's callback): the same locks, in the same order, no scope. */
  async withOrderUnscoped<T>(orderId: string, fn: (manager: EntityManager, order: DeskOrder) => Promise<T>): Promise<T> {
    const place = await this.repository.orderPlace(orderId);
    if (!place) throw DomainError.notFound('Order');
    return this.withLockedOrder(place, orderId, fn);
  }

  private withLockedOrder<T>(place: OrderPlace, orderId: string, fn: (manager: EntityManager, order: DeskOrder) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await lockDesk(manager, place.waveId, place.droppingPointId);
      return fn(manager, await this.repository.lockOrder(manager, orderId));
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
