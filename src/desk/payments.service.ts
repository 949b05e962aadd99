import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { formatRp } from '../common/money';
import { OrderStateService } from '../orders/order-state.service';
import { CancelReason, OrderStatus } from '../orders/order-status.enum';
import { assertTransition, isPaidStatus } from '../orders/order-transitions';
import { DeskIdempotency, Outcome } from './desk-idempotency';
import { DeskOrder, DeskTransactions, lockDesk } from './desk-transactions';
import { RecordPaymentDto } from './dto/payment.dto';
import { PAYMENT_SELECT, PaymentRow, paymentView } from './payment.view';
import { recordStandingPayment } from './standing-payment';
import { voucherCoveredRp } from '../vouchers/vouchers.repository';
import { StockService } from './stock.service';

type PaymentView = ReturnType<typeof paymentView>;

@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: DeskTransactions,
    private readonly stock: StockService,
    private readonly audit: AuditService,
    private readonly once: DeskIdempotency,
    private readonly orderState: OrderStateService,
  ) {}

  /**
   * placed -> paid (and on to ready when the order's packs are already at the point). The amount
   * must be the order total to the rupiah; a second confirmation of a paid order is ALREADY_PAID.
   */
  async record(orderId: string, user: AuthUser, dto: RecordPaymentDto, key: string | null): Promise<Outcome<PaymentView>> {
    const canonical = { orderId, method: dto.method, amountRp: dto.amountRp, reference: dto.reference ?? null };
    return this.desk.withOrder(orderId, user, (manager, order) =>
      this.once.run(manager, user, { key, action: 'payment', canonical }, () => this.payLocked(manager, order, user, dto)),
    );
  }

  /** The payment itself, for a caller holding the desk lock and the order row (DeskTransactions.withOrder). */
  async payLocked(manager: EntityManager, order: DeskOrder, user: AuthUser, dto: RecordPaymentDto): Promise<PaymentView> {
    if (isPaidStatus(order.status)) {
      throw new DomainError(ErrorCode.AlreadyPaid, 'This order has already been paid');
    }
    // Before the transition check: after the deadline sweep the order is cancelled, and the deadline is the reason.
    if (order.deadline_passed && (order.status === OrderStatus.Placed || order.cancel_reason === CancelReason.PaymentDeadline)) {
      throw new DomainError(ErrorCode.PaymentDeadlinePassed, "The wave's payment deadline has passed");
    }
    assertTransition(order.status, OrderStatus.Paid);
    // A voucher paying part of the order (src/vouchers) leaves the rest to be paid here.
    const dueRp = order.total_rp - (await voucherCoveredRp(manager, order.id));
    if (dto.amountRp !== dueRp) {
      throw new DomainError(ErrorCode.AmountMismatch, `The amount must equal what the order owes: ${formatRp(dueRp)}`, [
        { field: 'amountRp', messages: [`amountRp must be ${dueRp}`] },
      ]);
    }
    const paymentId = await recordStandingPayment(manager, { audit: this.audit, stock: this.stock, orderState: this.orderState }, order, {
      method: dto.method,
      amountRp: dto.amountRp,
      reference: dto.reference ?? null,
      receivedById: user.userId,
    });
    return paymentView(await this.get(paymentId, manager));
  }

  /**
   * An administrator takes a confirmation back, with a reason: the payment row stays (reversed),
   * the order is unpaid again (paid or ready -> placed) and its packs go back to the point's stock.
   */
  async reverse(paymentId: string, user: AuthUser, reason: string): Promise<PaymentRow> {
    const heads: { order_id: string; wave_id: string; dropping_point_id: string }[] = await this.dataSource.query(
      'SELECT order_id, wave_id, dropping_point_id FROM payments WHERE id = $1',
      [paymentId],
    );
    if (heads.length === 0) throw DomainError.notFound('Payment');
    const { order_id: orderId, wave_id: waveId, dropping_point_id: pointId } = heads[0];
    await this.dataSource.transaction(async (manager) => {
      await lockDesk(manager, waveId, pointId);
      const orders: { status: OrderStatus }[] = await manager.query('SELECT status FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
      const payments: { reversed_at: Date | null; method: string; amount_rp: string }[] = await manager.query(
        'SELECT reversed_at, method, amount_rp FROM payments WHERE id = $1 FOR UPDATE',
        [paymentId],
      );
      if (payments[0].reversed_at) throw DomainError.invalidTransition('This payment has already been reversed');
      const status = orders[0].status;
      if (status !== OrderStatus.Cancelled) {
        assertTransition(status, OrderStatus.Placed);
        await this.orderState.transition(manager, orderId, OrderStatus.Placed, { paymentId });
      }
      await manager.query('UPDATE payments SET reversed_at = now(), reversed_by_id = $2, reversal_reason = $3 WHERE id = $1', [
        paymentId,
        user.userId,
        reason,
      ]);
      await this.audit.record(manager, {
        action: 'payment.reversed',
        entityType: 'payment',
        entityId: paymentId,
        orderId,
        waveId,
        droppingPointId: pointId,
        before: { method: payments[0].method, amountRp: Number(payments[0].amount_rp), reversed: false },
        after: { reversed: true },
        details: { reason },
      });
      if (status === OrderStatus.Ready) await this.stock.makeReady(manager, waveId, pointId);
    });
    return this.get(paymentId);
  }

  /** Every payment of an order, the reversed ones too, oldest first. */
  async listForOrder(orderId: string, user: AuthUser): Promise<PaymentRow[]> {
    await this.desk.assertOrderScope(orderId, user);
    return this.dataSource.query(`${PAYMENT_SELECT} WHERE p.order_id = $1 ORDER BY p.received_at`, [orderId]);
  }

  async get(paymentId: string, manager: EntityManager | DataSource = this.dataSource): Promise<PaymentRow> {
    const rows: PaymentRow[] = await manager.query(`${PAYMENT_SELECT} WHERE p.id = $1`, [paymentId]);
    if (rows.length === 0) throw DomainError.notFound('Payment');
    return rows[0];
  }
}
