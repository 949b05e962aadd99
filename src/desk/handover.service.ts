import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as QRCode from 'qrcode';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { OrderReleaseService } from '../orders/order-release.service';
import { OrderStateService } from '../orders/order-state.service';
import { CancelReason, OrderStatus } from '../orders/order-status.enum';
import { assertTransition, isPaidStatus } from '../orders/order-transitions';
import { normalisePickupCode } from '../orders/pickup-code';
import { Role } from '../users/role.enum';
import { DeskIdempotency, Outcome } from './desk-idempotency';
import { deskOrderView, DeskOrdersService, DeskOrderView } from './desk-orders.service';
import { DeskOrder, DeskTransactions } from './desk-transactions';
import { StockService } from './stock.service';

@Injectable()
export class HandoverService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: DeskTransactions,
    private readonly stock: StockService,
    private readonly release: OrderReleaseService,
    private readonly audit: AuditService,
    private readonly deskOrders: DeskOrdersService,
    private readonly once: DeskIdempotency,
    private readonly orderState: OrderStateService,
  ) {}

  /**
   * ready -> picked_up against the buyer's pickup code, once, at the order's own point. A paid
   * order whose goods were not marked ready passes through ready first: when receipts were
   * recorded at the point its packs must be among them (else GOODS_NOT_RECEIVED); when none was
   * recorded yet, the officer handing the packs over is the proof they are there.
   */
  async handOver(orderId: string, user: AuthUser, pickupCode: string, key: string | null): Promise<Outcome<DeskOrderView>> {
    const canonical = { orderId, pickupCode: normalisePickupCode(pickupCode) };
    return this.desk.withOrder(orderId, user, (manager, order) =>
      this.once.run(manager, user, { key, action: 'handover', canonical }, async () => {
        await this.handOverLocked(manager, order, user, pickupCode);
        return deskOrderView(await this.deskOrders.getOne(order.id, manager));
      }),
    );
  }

  private async handOverLocked(manager: EntityManager, order: DeskOrder, user: AuthUser, pickupCode: string): Promise<void> {
    if (normalisePickupCode(pickupCode) !== order.pickup_code) {
      throw new DomainError(ErrorCode.PickupCodeMismatch, 'This pickup code does not belong to this order', [
        { field: 'pickupCode', messages: ['pickupCode does not match the order'] },
      ]);
    }
    if (order.status === OrderStatus.Placed) throw DomainError.invalidTransition('An unpaid order cannot be handed over');
    if (order.status === OrderStatus.PickedUp) throw DomainError.invalidTransition('This order has already been handed over');
    let readyWithoutReceipt = false;
    if (order.status === OrderStatus.Paid) {
      if (await this.stock.hasReceipt(manager, order.wave_id, order.dropping_point_id)) {
        const ready = await this.stock.makeReady(manager, order.wave_id, order.dropping_point_id);
        if (!ready.includes(order.id)) {
          throw new DomainError(ErrorCode.GoodsNotReceived, 'The packs of this order are not among the goods received at this point');
        }
      } else {
        await this.orderState.transition(manager, order.id, OrderStatus.Ready, { from: [OrderStatus.Paid] });
        readyWithoutReceipt = true;
      }
      order.status = OrderStatus.Ready;
    }
    assertTransition(order.status, OrderStatus.PickedUp);
    await manager.query(`INSERT INTO order_handovers (order_id, wave_id, dropping_point_id, handed_over_by_id) VALUES ($1, $2, $3, $4)`, [
      order.id,
      order.wave_id,
      order.dropping_point_id,
      user.userId,
    ]);
    await this.orderState.transition(manager, order.id, OrderStatus.PickedUp, {});
    await this.audit.record(manager, {
      action: 'order.handed_over',
      entityType: 'order',
      entityId: order.id,
      orderId: order.id,
      waveId: order.wave_id,
      droppingPointId: order.dropping_point_id,
      details: { pickupCodeVerified: true, fulfilment: order.fulfilment, readyWithoutReceipt },
    });
  }

  /**
   * A no-show who never paid: the officer cancels the order for non-payment (or, when their
   * payment was reversed to pay them back, as a refunded no-show). Its kg go back to
   * the wave when the wave still takes orders. Paid orders are not cancelled this way.
   */
  async cancelUnpaid(orderId: string, user: AuthUser, note?: string): Promise<void> {
    await this.desk.withOrder(orderId, user, async (manager, order) => {
      if (isPaidStatus(order.status)) throw DomainError.invalidTransition('A paid order is not cancelled for non-payment');
      assertTransition(order.status, OrderStatus.Cancelled);
      // A buyer who paid, did not come and was paid back (the payment reversed) did not fail to pay.
      const [{ refunded }]: { refunded: boolean }[] = await manager.query(
        'SELECT EXISTS (SELECT 1 FROM payments WHERE order_id = $1 AND reversed_at IS NOT NULL) AS refunded',
        [order.id],
      );
      await this.release.cancel(manager, [order.id], refunded ? CancelReason.NoShowRefunded : CancelReason.Officer, order.wave_open);
      await this.audit.record(manager, {
        action: refunded ? 'order.cancelled_no_show_refunded' : 'order.cancelled_unpaid',
        entityType: 'order',
        entityId: order.id,
        orderId: order.id,
        waveId: order.wave_id,
        droppingPointId: order.dropping_point_id,
        details: { note: note ?? null, capacityReturned: order.wave_open },
      });
    });
  }

  /** The pickup code as a QR image: for the buyer of the order (else 404) or an officer of its point (else 403). */
  async qrPng(orderId: string, user: AuthUser): Promise<Buffer> {
    if (user.role === Role.Buyer) {
      const rows: { pickup_code: string }[] = await this.dataSource.query(
        'SELECT pickup_code FROM orders WHERE id = $1 AND buyer_id = $2',
        [orderId, user.buyerId],
      );
      if (rows.length === 0) throw DomainError.notFound('Order');
      return qrPng(rows[0].pickup_code);
    }
    await this.desk.assertOrderScope(orderId, user);
    const rows: { pickup_code: string }[] = await this.dataSource.query('SELECT pickup_code FROM orders WHERE id = $1', [orderId]);
    return qrPng(rows[0].pickup_code);
  }
}

/** The QR code holds the pickup code itself, nothing else: the desk reads it into the hand-over form. */
export function qrPng(pickupCode: string): Promise<Buffer> {
  return QRCode.toBuffer(pickupCode, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
}
