import { Injectable } from '@nestjs/common';
import { toWib } from '../common/time';
import { PaymentMethod } from '../desk/payment.entity';
import { OrderStatus } from './order-status.enum';
import type { Order } from './order.entity';
import { DeskPayoutRecord, GatewayRefundRecord, OrderPaymentRecord, OrdersRepository } from './orders.repository';

/** Why money is, or was, owed back to the buyer. */
export type RefundKind = 'order_cancelled' | 'shortfall' | 'payment_reversed' | 'qris_refund';

export interface RefundLine {
  kind: RefundKind;
  amountRp: number;
  status: 'owed' | 'paid';
  /** When it was paid back (a reversal, a settled gateway refund). */
  paidAt: string | null;
  /** A gateway refund's reason, a reversal's reason, the settlement's transfer reference. */
  reason: string | null;
  reference: string | null;
}

/**
 * The money of one order as its buyer reads it: every payment (standing or reversed), what a voucher
 * covers, what is still to pay, and the refunds owed and paid, from the tables that keep them (the
 * desk's payments, the payment gateway's refunds, the shortfall cuts). Read-only.
 */
@Injectable()
export class OrderMoneyService {
  constructor(private readonly orders: OrdersRepository) {}

  async forOrder(order: Order) {
    const { payments, gatewayRefunds, refundOwedRp, voucherRp, deskPayouts } = await this.orders.moneyRecords(order.id);
    const paidRp = payments.filter((payment) => payment.reversedAt === null).reduce((sum, payment) => sum + payment.amountRp, 0);
    const refunds = refundLines(order, payments, refundOwedRp, gatewayRefunds, deskPayouts);
    const total = (status: RefundLine['status']) =>
      refunds.filter((line) => line.status === status).reduce((sum, line) => sum + line.amountRp, 0);
    return {
      totalRp: order.totalRp,
      voucherRp,
      paidRp,
      dueRp: order.status === OrderStatus.Placed ? Math.max(0, order.totalRp - voucherRp - paidRp) : 0,
      payments: payments.map((payment) => ({
        method: payment.method,
        amountRp: payment.amountRp,
        reference: payment.reference,
        receivedAt: toWib(payment.receivedAt),
        reversed: payment.reversedAt !== null,
        reversedAt: toWib(payment.reversedAt),
        reversalReason: payment.reversalReason,
      })),
      refunds,
      refundOwedRp: total('owed'),
      refundPaidRp: total('paid'),
    };
  }
}

/**
 * Owed: what the order itself owes back (orderRefundOwedSql: a cancelled order's standing money
 * payment, or shortfall cuts of a paid order, less the desk's payouts), gateway payments no order
 * could take until settled. Paid: cash paid back at the desk, money payments reversed (the
 * administrator's way of giving a payment back), settled gateway refunds.
 */
function refundLines(
  order: Order,
  payments: OrderPaymentRecord[],
  owedRp: number,
  gateway: GatewayRefundRecord[],
  deskPaid: DeskPayoutRecord[],
): RefundLine[] {
  const kind: RefundKind = order.status === OrderStatus.Cancelled ? 'order_cancelled' : 'shortfall';
  const lines: RefundLine[] = owedRp > 0 ? [owed(kind, owedRp)] : [];
  for (const payout of deskPaid) {
    lines.push({
      kind,
      amountRp: payout.amountRp,
      status: 'paid',
      paidAt: toWib(payout.paidAt),
      reason: payout.note,
      reference: 'tunai di titik',
    });
  }
  for (const payment of payments.filter((row) => row.reversedAt !== null && row.method !== PaymentMethod.Voucher)) {
    lines.push({
      kind: 'payment_reversed',
      amountRp: payment.amountRp,
      status: 'paid',
      paidAt: toWib(payment.reversedAt),
      reason: payment.reversalReason,
      reference: payment.reference,
    });
  }
  for (const refund of gateway) {
    lines.push({
      kind: 'qris_refund',
      amountRp: refund.amountRp,
      status: refund.settledAt ? 'paid' : 'owed',
      paidAt: toWib(refund.settledAt),
      reason: refund.reason,
      reference: refund.settlementReference,
    });
  }
  return lines;
}

function owed(kind: RefundKind, amountRp: number): RefundLine {
  return { kind, amountRp, status: 'owed', paidAt: null, reason: null, reference: null };
}
