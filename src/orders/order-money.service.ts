import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toWib } from '../common/time';
import { PaymentMethod } from '../desk/payment.entity';
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
    const [payments, gatewayRefunds, cuts, voucher, deskPaid] = await Promise.all([
      this.dataSource.query<PaymentRow[]>(
        `SELECT method, amount_rp, reference, received_at, reversed_at, reversal_reason FROM payments WHERE order_id = $1 ORDER BY received_at`,
        [order.id],
      ),
      this.dataSource.query<GatewayRefundRow[]>(
        'SELECT amount_rp, reason, settled_at, settlement_reference FROM refunds WHERE order_id = $1 ORDER BY created_at',
        [order.id],
      ),
      this.dataSource.query<{ rp: string }[]>(
        'SELECT coalesce(sum(refund_due_rp), 0) AS rp FROM shortfall_cuts WHERE order_id = $1 AND NOT order_cancelled',
        [order.id],
      ),
      this.dataSource.query<{ rp: string }[]>(`SELECT ${voucherCoveredRpSql('$1')} AS rp`, [order.id]),
      // Paid back in cash at the desk (src/desk refund payouts); a gateway refund's payout settles the refund itself.
      this.dataSource.query<DeskPayoutRow[]>(
        'SELECT amount_rp, paid_at, note FROM refund_payouts WHERE order_id = $1 AND refund_id IS NULL ORDER BY paid_at',
        [order.id],
      ),
    ]);
    const voucherRp = Number(voucher[0].rp);
    const standing = payments.filter((payment) => payment.reversed_at === null);
    const paidRp = standing.reduce((sum, payment) => sum + Number(payment.amount_rp), 0);
    const refunds = refundLines(order, standing, payments, Number(cuts[0].rp), gatewayRefunds, deskPaid);
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
 * Owed: a cancelled order's standing money payment (a voucher's is taken back at the cancellation),
 * the cash part of shortfall cuts while the payment stands (the desk's reconciliation counts the
 * same), gateway payments no order could take until settled. Paid: money payments reversed (the
 * administrator's way of paying a payment back), settled gateway refunds, cash paid back at the desk.
 */
function refundLines(
  order: Order,
  standing: PaymentRow[],
  all: PaymentRow[],
  cutRp: number,
  gateway: GatewayRefundRow[],
  deskPaid: DeskPayoutRow[],
): RefundLine[] {
  const money = (payment: PaymentRow) => payment.method !== PaymentMethod.Voucher;
  const lines: RefundLine[] = [];
  for (const payment of standing.filter(money)) {
    if (order.status === OrderStatus.Cancelled) lines.push(owed('order_cancelled', Number(payment.amount_rp)));
  }
  if (order.status !== OrderStatus.Cancelled && standing.length > 0 && cutRp > 0) lines.push(owed('shortfall', cutRp));
  // What the desk paid back in cash is no longer owed.
  let paidBackRp = deskPaid.reduce((sum, payout) => sum + Number(payout.amount_rp), 0);
  for (const line of lines) {
    const taken = Math.min(line.amountRp, paidBackRp);
    line.amountRp -= taken;
    paidBackRp -= taken;
  }
  lines.splice(0, lines.length, ...lines.filter((line) => line.amountRp > 0));
  for (const payout of deskPaid) {
    lines.push({
      kind: order.status === OrderStatus.Cancelled ? 'order_cancelled' : 'shortfall',
      amountRp: Number(payout.amount_rp),
      status: 'paid',
      paidAt: toWib(payout.paid_at),
      reason: payout.note,
      reference: 'tunai di titik',
    });
  }
  for (const payment of all.filter((row) => row.reversed_at !== null && money(row))) {
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
