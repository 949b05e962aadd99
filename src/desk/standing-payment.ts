import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import type { OrderStateService } from '../orders/order-state.service';
import { OrderStatus } from '../orders/order-status.enum';
import type { DeskOrder } from './desk-transactions';
import type { PaymentMethod } from './payment.entity';
import type { StockService } from './stock.service';

export interface StandingPayment {
  method: PaymentMethod;
  amountRp: number;
  reference: string | null;
  /** Who holds the money: the officer at the desk, or the gateway's system account for QRIS from the phone. */
  receivedById: string;
}

/**
 * The one way an order becomes paid, for the desk and the payment gateway alike: the caller holds
 * the desk lock and the order row (DeskTransactions) and has checked that the order may be paid
 * with this amount. The payment row, the order's status, the audit entry and the goods set aside
 * happen together; the partial unique index stops a second standing payment.
 */
export async function recordStandingPayment(
  manager: EntityManager,
  deps: { audit: AuditService; stock: StockService; orderState: OrderStateService },
  order: DeskOrder,
  payment: StandingPayment,
): Promise<string> {
  const rows: { id: string }[] = await manager
    .query(
      `INSERT INTO payments (order_id, wave_id, dropping_point_id, method, amount_rp, reference, received_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [order.id, order.wave_id, order.dropping_point_id, payment.method, payment.amountRp, payment.reference, payment.receivedById],
    )
    .catch((error: unknown) => {
      // The partial unique index: only reachable if a payment slipped past the row lock.
      if (uniqueViolationColumns(error) === 'order_id') {
        throw new DomainError(ErrorCode.AlreadyPaid, 'This order has already been paid');
      }
      throw error;
    });
  await deps.orderState.transition(manager, order.id, OrderStatus.Paid, { paymentId: rows[0].id });
  await deps.audit.record(manager, {
    action: 'payment.recorded',
    entityType: 'payment',
    entityId: rows[0].id,
    orderId: order.id,
    waveId: order.wave_id,
    droppingPointId: order.dropping_point_id,
    after: { method: payment.method, amountRp: payment.amountRp, reference: payment.reference },
  });
  await deps.stock.makeReady(manager, order.wave_id, order.dropping_point_id);
  return rows[0].id;
}
