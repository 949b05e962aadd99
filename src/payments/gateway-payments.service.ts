import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { DeskOrder, DeskTransactions } from '../desk/desk-transactions';
import { PaymentMethod } from '../desk/payment.entity';
import { recordStandingPayment } from '../desk/standing-payment';
import { StockService } from '../desk/stock.service';
import { OrderStateService } from '../orders/order-state.service';
import { OrderStatus } from '../orders/order-status.enum';
import { canTransition, isPaidStatus } from '../orders/order-transitions';
import { GatewayPaymentOutcome } from './gateway-payment.entity';
import { voucherCoveredRp } from '../vouchers/vouchers.repository';
import { GATEWAY_USER_ID } from './gateway-user';
import { GatewayPaymentReport } from './gateway/payment-gateway';
import { RefundReason } from './refund.entity';

export interface ReceivedPayment {
  gatewayPaymentId: string;
  orderId: string;
  /** A report of a payment already taken in (a duplicated or replayed callback, a poll after the callback). */
  duplicate: boolean;
  outcome: GatewayPaymentOutcome;
  refundReason: RefundReason | null;
}

interface IntentRow {
  id: string;
  order_id: string;
  amount_rp: number;
  gateway: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Takes in a payment the gateway reports, by callback or status poll, exactly once. Under the
 * desk lock and the order row (the same locks as a desk payment, in the same order), it either
 * becomes the order's one standing payment, or, when the order cannot take it (paid already,
 * cancelled, past the deadline, another amount), it is recorded with a refund owed: no rupiah is
 * lost or counted twice.
 */
@Injectable()
export class GatewayPaymentsService {
  private readonly logger = new Logger(GatewayPaymentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: DeskTransactions,
    private readonly stock: StockService,
    private readonly audit: AuditService,
    private readonly orderState: OrderStateService,
  ) {}

  async receive(report: GatewayPaymentReport, via: 'callback' | 'status_api'): Promise<ReceivedPayment> {
    const intent = await this.intentOf(report);
    return this.desk.withOrderUnscoped(intent.order_id, async (manager, order) => {
      const known: { order_id: string; outcome: GatewayPaymentOutcome; reason: RefundReason | null }[] = await manager.query(
        `SELECT g.order_id, g.outcome, r.reason FROM gateway_payments g LEFT JOIN refunds r ON r.gateway_payment_id = g.id
          WHERE g.gateway_payment_id = $1`,
        [report.id],
      );
      if (known.length > 0) {
        return {
          gatewayPaymentId: report.id,
          orderId: known[0].order_id,
          duplicate: true,
          outcome: known[0].outcome,
          refundReason: known[0].reason,
        };
      }
      const reason = await this.refundReason(manager, order, intent, report);
      const paymentId = reason
        ? null
        : await recordStandingPayment(manager, { audit: this.audit, stock: this.stock, orderState: this.orderState }, order, {
            method: PaymentMethod.Qris,
            amountRp: report.amountRp,
            reference: report.id,
            receivedById: GATEWAY_USER_ID,
          });
      const outcome = reason ? GatewayPaymentOutcome.RefundDue : GatewayPaymentOutcome.Applied;
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO gateway_payments (gateway, gateway_payment_id, intent_id, order_id, wave_id, amount_rp, paid_at, outcome, payment_id, via, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          intent.gateway,
          report.id,
          intent.id,
          order.id,
          order.wave_id,
          report.amountRp,
          report.paidAt,
          outcome,
          paymentId,
          via,
          report.payload,
        ],
      );
      await manager.query(`UPDATE payment_intents SET status = 'paid', closed_at = now() WHERE id = $1 AND status <> 'paid'`, [intent.id]);
      if (reason) await this.raiseRefund(manager, order, row.id, report, reason);
      else
        await manager.query(`UPDATE payment_intents SET status = 'closed', closed_at = now() WHERE order_id = $1 AND status = 'pending'`, [
          order.id,
        ]);
      this.logger.log({ gatewayPaymentId: report.id, orderId: order.id, outcome, reason, via }, 'gateway payment taken in');
      return { gatewayPaymentId: report.id, orderId: order.id, duplicate: false, outcome, refundReason: reason };
    });
  }

  /** The intent a report belongs to, by the gateway's QR id or by our reference; 404 lets the gateway retry later. */
  private async intentOf(report: GatewayPaymentReport): Promise<IntentRow> {
    const rows: IntentRow[] = await this.dataSource.query(
      `SELECT id, order_id, amount_rp::float8 AS amount_rp, gateway FROM payment_intents
        WHERE gateway_qr_id = $1 OR id = $2 ORDER BY (gateway_qr_id = $1) DESC NULLS LAST LIMIT 1`,
      [report.qrId ?? null, UUID.test(report.referenceId ?? '') ? report.referenceId : null],
    );
    if (rows.length === 0) throw DomainError.notFound('Payment intent');
    return rows[0];
  }

  /** Why the order cannot take this money, or null when it becomes the order's payment. */
  private async refundReason(
    manager: EntityManager,
    order: DeskOrder,
    intent: IntentRow,
    report: GatewayPaymentReport,
  ): Promise<RefundReason | null> {
    // The amount first: whichever order callbacks come in, a wrong amount is owed back as one.
    const dueRp = order.total_rp - (await voucherCoveredRp(manager, order.id));
    if (report.amountRp !== intent.amount_rp || report.amountRp !== dueRp) return RefundReason.AmountMismatch;
    if (isPaidStatus(order.status)) return RefundReason.AlreadyPaid;
    // The buyer's bank paid at paidAt: a callback delayed past the deadline does not make an on-time payment late.
    const [wave]: { late: boolean }[] = await manager.query('SELECT payment_deadline <= $2 AS late FROM waves WHERE id = $1', [
      order.wave_id,
      report.paidAt,
    ]);
    if (wave.late) return RefundReason.DeadlinePassed;
    if (order.status === OrderStatus.Cancelled) return RefundReason.OrderCancelled;
    if (!canTransition(order.status, OrderStatus.Paid)) return RefundReason.AlreadyPaid;
    return null;
  }

  private async raiseRefund(
    manager: EntityManager,
    order: DeskOrder,
    gatewayPaymentId: string,
    report: GatewayPaymentReport,
    reason: RefundReason,
  ): Promise<void> {
    const [refund]: { id: string }[] = await manager.query(
      `INSERT INTO refunds (order_id, wave_id, amount_rp, reason, gateway_payment_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [order.id, order.wave_id, report.amountRp, reason, gatewayPaymentId],
    );
    await this.audit.record(manager, {
      action: 'refund.raised',
      entityType: 'refund',
      entityId: refund.id,
      orderId: order.id,
      waveId: order.wave_id,
      droppingPointId: order.dropping_point_id,
      after: { amountRp: report.amountRp, reason, gatewayPaymentId: report.id },
    });
  }
}
