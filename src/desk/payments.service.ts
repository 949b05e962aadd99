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
import { PaymentRow, paymentView } from './payment.view';
import { DeskPaymentsRepository } from './payments.repository';
import { StandingPayments } from './standing-payment';
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
    private readonly repository: DeskPaymentsRepository,
    private readonly standing: StandingPayments,
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
    const paymentId = await this.standing.record(manager, order, {
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
    const place = await this.repository.placeOf(paymentId);
    if (!place) throw DomainError.notFound('Payment');
    const { orderId, waveId, droppingPointId: pointId } = place;
    await this.dataSource.transaction(async (manager) => {
      await lockDesk(manager, waveId, pointId);
      const payment = await this.repository.lockForReversal(manager, orderId, paymentId);
      if (payment.reversedAt) throw DomainError.invalidTransition('This payment has already been reversed');
      const status = payment.orderStatus;
      if (status !== OrderStatus.Cancelled) {
        assertTransition(status, OrderStatus.Placed);
        await this.orderState.transition(manager, orderId, OrderStatus.Placed, { paymentId });
      }
      await this.repository.markReversed(manager, paymentId, user.userId, reason);
      await this.audit.record(manager, {
        action: 'payment.reversed',
        entityType: 'payment',
        entityId: paymentId,
        orderId,
        waveId,
        droppingPointId: pointId,
        before: { method: payment.method, amountRp: payment.amountRp, reversed: false },
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
    return this.repository.ofOrder(orderId);
  }

  async get(paymentId: string, manager?: EntityManager): Promise<PaymentRow> {
    const payment = await this.repository.one(paymentId, manager);
    if (!payment) throw DomainError.notFound('Payment');
    return payment;
  }
}
