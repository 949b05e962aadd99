import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { DeskOrder, DeskTransactions } from '../desk/desk-transactions';
import { PaymentMethod } from '../desk/payment.entity';
import { StandingPayments } from '../desk/standing-payment';
import { OrderStatus } from '../orders/order-status.enum';
import { canTransition, isPaidStatus } from '../orders/order-transitions';
import { GatewayPaymentOutcome } from './gateway-payment.entity';
import { voucherCoveredRp } from '../vouchers/vouchers.repository';
import { GATEWAY_USER_ID } from './gateway-user';
import { GatewayPaymentReport } from './gateway/payment-gateway';
import { PaymentsRepository, ReportedIntent } from './payments.repository';
import { RefundReason } from './refund.entity';

export interface ReceivedPayment {
  gatewayPaymentId: string;
  orderId: string;
  /** A report of a payment already taken in (a duplicated or replayed callback, a poll after the callback). */
  duplicate: boolean;
  outcome: GatewayPaymentOutcome;
  refundReason: RefundReason | null;
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
    private readonly repository: PaymentsRepository,
    private readonly desk: DeskTransactions,
    private readonly standingPayments: StandingPayments,
    private readonly audit: AuditService,
  ) {}

  async receive(report: GatewayPaymentReport, via: 'callback' | 'status_api'): Promise<ReceivedPayment> {
    const intent = await this.intentOf(report);
    return this.desk.withOrderUnscoped(intent.orderId, async (manager, order) => {
      const known = await this.repository.knownGatewayPayment(manager, report.id);
      if (known) {
        return {
          gatewayPaymentId: report.id,
          orderId: known.orderId,
          duplicate: true,
          outcome: known.outcome,
          refundReason: known.refundReason,
        };
      }
      const reason = await this.refundReason(manager, order, intent, report);
      const paymentId = reason
        ? null
        : await this.standingPayments.record(manager, order, {
            method: PaymentMethod.Qris,
            amountRp: report.amountRp,
            reference: report.id,
            receivedById: GATEWAY_USER_ID,
          });
      const outcome = reason ? GatewayPaymentOutcome.RefundDue : GatewayPaymentOutcome.Applied;
      const gatewayPaymentRowId = await this.repository.insertGatewayPayment(manager, {
        gateway: intent.gateway,
        gatewayPaymentId: report.id,
        intentId: intent.id,
        orderId: order.id,
        waveId: order.wave_id,
        amountRp: report.amountRp,
        paidAt: report.paidAt,
        outcome,
        paymentId,
        via,
        payload: report.payload,
      });
      await this.repository.markIntentPaid(manager, intent.id);
      if (reason) await this.raiseRefund(manager, order, gatewayPaymentRowId, report, reason);
      else await this.repository.closePendingIntents(manager, order.id);
      this.logger.log({ gatewayPaymentId: report.id, orderId: order.id, outcome, reason, via }, 'gateway payment taken in');
      return { gatewayPaymentId: report.id, orderId: order.id, duplicate: false, outcome, refundReason: reason };
    });
  }

  /** The intent a report belongs to, by the gateway's QR id or by our reference; 404 lets the gateway retry later. */
  private async intentOf(report: GatewayPaymentReport): Promise<ReportedIntent> {
    const intent = await this.repository.reportedIntent(
      report.qrId ?? null,
      UUID.test(report.referenceId ?? '') ? (report.referenceId ?? null) : null,
    );
    if (!intent) throw DomainError.notFound('Payment intent');
    return intent;
  }

  /** Why the order cannot take this money, or null when it becomes the order's payment. */
  private async refundReason(
    manager: EntityManager,
    order: DeskOrder,
    intent: ReportedIntent,
    report: GatewayPaymentReport,
  ): Promise<RefundReason | null> {
    // The amount first: whichever order callbacks come in, a wrong amount is owed back as one.
    const dueRp = order.total_rp - (await voucherCoveredRp(manager, order.id));
    if (report.amountRp !== intent.amountRp || report.amountRp !== dueRp) return RefundReason.AmountMismatch;
    if (isPaidStatus(order.status)) return RefundReason.AlreadyPaid;
    // The buyer's bank paid at paidAt: a callback delayed past the deadline does not make an on-time payment late.
    if (await this.repository.deadlinePassedAt(manager, order.wave_id, report.paidAt)) return RefundReason.DeadlinePassed;
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
    const refundId = await this.repository.insertRefund(manager, {
      orderId: order.id,
      waveId: order.wave_id,
      amountRp: report.amountRp,
      reason,
      gatewayPaymentId,
    });
    await this.audit.record(manager, {
      action: 'refund.raised',
      entityType: 'refund',
      entityId: refundId,
      orderId: order.id,
      waveId: order.wave_id,
      droppingPointId: order.dropping_point_id,
      after: { amountRp: report.amountRp, reason, gatewayPaymentId: report.id },
    });
  }
}
