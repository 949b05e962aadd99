import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { Role } from '../users/role.enum';
import { UsersRepository } from '../users/users.repository';
import { DomainEvents } from '../events/domain-events';
import { WaveProgressService } from '../waves/wave-progress.service';
import { WaveStatus } from '../waves/wave-status.enum';
import { OrderReleaseService } from './order-release.service';
import { CancelReason, OrderStatus } from './order-status.enum';
import { Order } from './order.entity';
import { AWAITING_HAND_OVER_STATES, LIVE_ORDER_STATES } from './order-transitions';
import { OrdersRepository } from './orders.repository';

@Injectable()
export class OrdersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly release: OrderReleaseService,
    private readonly events: DomainEvents,
    private readonly progress: WaveProgressService,
    private readonly orders: OrdersRepository,
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('wave.cancelled', (manager, event) => this.cancelAllOfWave(manager, event.waveId));
    this.progress.requireFor(WaveStatus.Completed, ALL_ORDERS_SETTLED_SQL);
  }

  /**
   * A buyer sees only their own orders; an officer only their points'; anyone else gets 404 so an
   * order's existence does not leak.
   */
  async get(id: string, user: AuthUser): Promise<Order> {
    const order = await this.orders.withItems(id);
    if (!order || !(await this.maySee(user, order))) throw DomainError.notFound('Order');
    return order;
  }

  listForBuyer(buyerId: string, waveId?: string): Promise<Order[]> {
    return this.orders.ofBuyer(buyerId, waveId);
  }

  /** A buyer may cancel while the wave is open and the order is not yet paid. */
  async cancelByBuyer(id: string, user: AuthUser): Promise<Order> {
    await this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lockForBuyer(manager, id, user.buyerId ?? null);
      if (!order) throw DomainError.notFound('Order');
      if (order.status !== OrderStatus.Placed)
        throw DomainError.invalidTransition(`A ${order.status} order cannot be cancelled by its buyer`);
      if (!order.waveOpen) throw DomainError.invalidTransition('Orders can be cancelled only while the wave is open');
      await this.release.cancel(manager, [id], CancelReason.Buyer, true);
    });
    return this.get(id, user);
  }

  private async cancelAllOfWave(manager: EntityManager, waveId: string): Promise<void> {
    await this.release.cancel(
      manager,
      await this.orders.idsOfWave(manager, waveId, AWAITING_HAND_OVER_STATES),
      CancelReason.WaveCancelled,
      false,
    );
  }

  private async maySee(user: AuthUser, order: Order): Promise<boolean> {
    switch (user.role) {
      case Role.Buyer:
        return order.buyerId === user.buyerId;
      case Role.Officer:
        return this.users.servesAt(user.userId, order.droppingPointId);
      case Role.Admin:
        return true;
      default:
        return false;
    }
  }
}

/**
 * Every order of the wave aliased `w` is picked up, delivered or cancelled. Cheap: it seeks the
 * (wave, point, status) index once per point and state instead of scanning the wave's orders.
 */
const ALL_ORDERS_SETTLED_SQL = `NOT EXISTS (
  SELECT 1 FROM wave_dropping_points wdp CROSS JOIN unnest('{${LIVE_ORDER_STATES.join(',')}}'::order_status[]) AS s(status)
   WHERE wdp.wave_id = w.id
     AND EXISTS (SELECT 1 FROM orders o WHERE o.wave_id = w.id AND o.dropping_point_id = wdp.dropping_point_id AND o.status = s.status))`;
