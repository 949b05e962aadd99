import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { Role } from '../users/role.enum';
import { WaveLifecycleHooks } from '../waves/wave-lifecycle.hooks';
import { CANCELLABLE, OrderReleaseService } from './order-release.service';
import { CancelReason, OrderStatus } from './order-status.enum';
import { Order } from './order.entity';

@Injectable()
export class OrdersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly release: OrderReleaseService,
    private readonly hooks: WaveLifecycleHooks,
  ) {}

  onModuleInit(): void {
    this.hooks.on('cancelled', (manager, wave) => this.cancelAllOfWave(manager, wave.id));
  }

  /**
   * A buyer sees only their own orders; an officer only their points'; anyone else gets 404 so an
   * order's existence does not leak.
   */
  async get(id: string, user: AuthUser): Promise<Order> {
    const order = await this.dataSource.getRepository(Order).findOne({ where: { id }, relations: { items: true } });
    if (!order || !(await this.maySee(user, order))) throw DomainError.notFound('Order');
    return order;
  }

  listForBuyer(buyerId: string, waveId?: string): Promise<Order[]> {
    return this.dataSource.getRepository(Order).find({
      where: { buyerId, ...(waveId ? { waveId } : {}) },
      relations: { items: true },
      order: { placedAt: 'DESC' },
      take: 200,
    });
  }

  /** A buyer may cancel while the wave is open and the order is not yet paid. */
  async cancelByBuyer(id: string, user: AuthUser): Promise<Order> {
    await this.dataSource.transaction(async (manager) => {
      const rows: { status: OrderStatus; wave_open: boolean }[] = await manager.query(
        `SELECT o.status, wave_takes_orders(w, now()) AS wave_open
           FROM orders o JOIN waves w ON w.id = o.wave_id
          WHERE o.id = $1 AND o.buyer_id = $2 FOR UPDATE OF o`,
        [id, user.buyerId],
      );
      if (rows.length === 0) throw DomainError.notFound('Order');
      if (rows[0].status !== OrderStatus.Placed)
        throw DomainError.invalidTransition(`A ${rows[0].status} order cannot be cancelled by its buyer`);
      if (!rows[0].wave_open) throw DomainError.invalidTransition('Orders can be cancelled only while the wave is open');
      await this.release.cancel(manager, [id], CancelReason.Buyer, true);
    });
    return this.get(id, user);
  }

  private async cancelAllOfWave(manager: EntityManager, waveId: string): Promise<void> {
    const rows: { id: string }[] = await manager.query('SELECT id FROM orders WHERE wave_id = $1 AND status = ANY ($2)', [
      waveId,
      CANCELLABLE,
    ]);
    await this.release.cancel(
      manager,
      rows.map((row) => row.id),
      CancelReason.WaveCancelled,
      false,
    );
  }

  private async maySee(user: AuthUser, order: Order): Promise<boolean> {
    switch (user.role) {
      case Role.Buyer:
        return order.buyerId === user.buyerId;
      case Role.Officer: {
        const rows: unknown[] = await this.dataSource.query(
          'SELECT 1 FROM officer_dropping_points WHERE user_id = $1 AND dropping_point_id = $2',
          [user.userId, order.droppingPointId],
        );
        return rows.length > 0;
      }
      case Role.Admin:
        return true;
      default:
        return false;
    }
  }
}
