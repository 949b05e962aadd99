import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toWib } from '../common/time';
import { PaymentMethod } from '../desk/payment.entity';
import { orderRefundOwedSql } from '../desk/refund-owed';
import { voucherCoveredRpSql } from '../vouchers/voucher-cover';
import { OrderStatus } from './order-status.enum';
import type { Order } from './order.entity';

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

interface PaymentRow {
  method: PaymentMethod;
  amount_rp: string;
  reference: string | null;
  received_at: Date;
  reversed_at: Date | null;
  reversal_reason: string | null;
}

interface DeskPayoutRow {
  amount_rp: string;
  paid_at: Date;
  note: string | null;
}

interface GatewayRefundRow {
  amount_rp: string;
  reason: string;
  settled_at: Date | null;
  settlement_reference: string | null;
}

/**
 * The money of one order as its buyer reads it: every payment (standing or reversed), what a voucher
 * covers, what is still to pay, and the refunds owed and paid, from the tables that keep them (the
 * desk's payments, the payment gateway's refunds, the shortfall cuts). Read-only.
 */
@Injectable()
export class OrderMoneyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forOrder(order: Order) {
    const [payments, gatewayRefunds, owedRows, voucher, deskPaid] = await Promise.all([
      this.dataSource.query<PaymentRow[]>(
        `SELECT method, amount_rp, reference, received_at, reversed_at, reversal_reason FROM payments WHERE order_id = $1 ORDER BY received_at`,
        [order.id],
      ),
      this.dataSource.query<GatewayRefundRow[]>(
        'SELECT amount_rp, reason, settled_at, settlement_reference FROM refunds WHERE order_id = $1 ORDER BY created_at',
        [order.id],
      ),
      // The desk's one definition of what the order itself owes back (net of what the desk paid out).
      this.dataSource.query<{ rp: string }[]>(`SELECT ${orderRefundOwedSql('o')} AS rp FROM orders o WHERE o.id = $1`, [order.id]),
      this.dataSource.query<{ rp: string }[]>(`SELECT ${voucherCoveredRpSql('$1')} AS rp`, [order.id]),
      // Paid back in cash at the desk (src/desk refund payouts); a gateway refund's payout settles the refund itself.
      this.dataSource.query<DeskPayoutRow[]>(
        'SELECT amount_rp, paid_at, note FROM refund_payouts WHERE order_id = $1 AND refund_id IS NULL ORDER BY paid_at',
        [order.id],
      ),
    ]);
    const voucherRp = Number(voucher[0].rp);
    const paidRp = payments.filter((payment) => payment.reversed_at === null).reduce((sum, payment) => sum + Number(payment.amount_rp), 0);
    const refunds = refundLines(order, payments, Number(owedRows[0]?.rp ?? 0), gatewayRefunds, deskPaid);
    const total = (status: RefundLine['status']) =>
      refunds.filter((line) => line.status === status).reduce((sum, line) => sum + line.amountRp, 0);
    return {
      totalRp: order.totalRp,
      voucherRp,
      paidRp,
      dueRp: order.status === OrderStatus.Placed ? Math.max(0, order.totalRp - voucherRp - paidRp) : 0,
      payments: payments.map((payment) => ({
        method: payment.method,
        amountRp: Number(payment.amount_rp),
        reference: payment.reference,
        receivedAt: toWib(payment.received_at),
        reversed: payment.reversed_at !== null,
        reversedAt: toWib(payment.reversed_at),
        reversalReason: payment.reversal_reason,
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
  payments: PaymentRow[],
  owedRp: number,
  gateway: GatewayRefundRow[],
  deskPaid: DeskPayoutRow[],
): RefundLine[] {
  const kind: RefundKind = order.status === OrderStatus.Cancelled ? 'order_cancelled' : 'shortfall';
  const lines: RefundLine[] = owedRp > 0 ? [owed(kind, owedRp)] : [];
  for (const payout of deskPaid) {
    lines.push({
      kind,
      amountRp: Number(payout.amount_rp),
      status: 'paid',
      paidAt: toWib(payout.paid_at),
      reason: payout.note,
      reference: 'tunai di titik',
    });
  }
  for (const payment of payments.filter((row) => row.reversed_at !== null && row.method !== PaymentMethod.Voucher)) {
    lines.push({
      kind: 'payment_reversed',
      amountRp: Number(payment.amount_rp),
      status: 'paid',
      paidAt: toWib(payment.reversed_at),
      reason: payment.reversal_reason,
      reference: payment.reference,
    });
  }
  for (const refund of gateway) {
    lines.push({
      kind: 'qris_refund',
      amountRp: Number(refund.amount_rp),
      status: refund.settled_at ? 'paid' : 'owed',
      paidAt: toWib(refund.settled_at),
      reason: refund.reason,
      reference: refund.settlement_reference,
    });
  }
  return lines;
}

function owed(kind: RefundKind, amountRp: number): RefundLine {
  return { kind, amountRp, status: 'owed', paidAt: null, reason: null, reference: null };
}
