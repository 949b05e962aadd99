import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import { OrderStateService } from '../orders/order-state.service';
import { OrderStatus } from '../orders/order-status.enum';
import type { DeskOrder } from './desk.repository';
import { DeskPaymentsRepository, StandingPayment } from './payments.repository';
import { StockService } from './stock.service';

export type { StandingPayment } from './payments.repository';

/**
 * The one way an order becomes paid, for the desk and the payment gateway alike: the caller holds
 * the desk lock and the order row (DeskTransactions) and has checked that the order may be paid
 * with this amount. The payment row, the order's status, the audit entry and the goods set aside
 * happen together; the partial unique index stops a second standing payment.
 */
@Injectable()
export class StandingPayments {
  constructor(
    private readonly payments: DeskPaymentsRepository,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly orderState: OrderStateService,
  ) {}

  async record(manager: EntityManager, order: DeskOrder, payment: StandingPayment): Promise<string> {
    const paymentId = await this.payments.addStanding(manager, order, payment).catch((error: unknown) => {
      // The partial unique index: only reachable if a payment slipped past the row lock.
      if (uniqueViolationColumns(error) === 'order_id') {
        throw new DomainError(ErrorCode.AlreadyPaid, 'This order has already been paid');
      }
      throw error;
    });
    await this.orderState.transition(manager, order.id, OrderStatus.Paid, { paymentId });
    await this.audit.record(manager, {
      action: 'payment.recorded',
      entityType: 'payment',
      entityId: paymentId,
      orderId: order.id,
      waveId: order.wave_id,
      droppingPointId: order.dropping_point_id,
      after: { method: payment.method, amountRp: payment.amountRp, reference: payment.reference },
    });
    await this.stock.makeReady(manager, order.wave_id, order.dropping_point_id);
    return paymentId;
  }
}
