import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrderStatus } from '../orders/order-status.enum';
import { PAID_ORDER_STATES } from '../orders/order-transitions';
import { GatewayPaymentOutcome } from './gateway-payment.entity';
import { IntentStatus } from './payment-intent.entity';
import { RefundReason } from './refund.entity';

/** A buyer's order as paying for it needs it. */
export interface OrderToPay {
  id: string;
  status: OrderStatus;
  /** What the order still owes: its total less a voucher paying part of it. */
  owedRp: number;
  paymentDeadline: Date;
  deadlinePassed: boolean;
}

export interface PaymentIntent {
  id: string;
  orderId: string;
  amountRp: number;
  gatewayQrId: string | null;
  qrString: string | null;
  expiresAt: Date;
  status: IntentStatus;
}

/** A pending code with the gateway's QR id, to ask the gateway about. */
export interface PendingQr {
  id: string;
  gatewayQrId: string;
}

/** The intent a gateway's report belongs to. */
export interface ReportedIntent {
  id: string;
  orderId: string;
  amountRp: number;
  gateway: string;
}

/** A gateway payment taken in before, with the refund it raised. */
export interface KnownGatewayPayment {
  orderId: string;
  outcome: GatewayPaymentOutcome;
  refundReason: RefundReason | null;
}

export interface NewGatewayPayment {
  gateway: string;
  gatewayPaymentId: string;
  intentId: string;
  orderId: string;
  waveId: string;
  amountRp: number;
  paidAt: Date;
  outcome: GatewayPaymentOutcome;
  paymentId: string | null;
  via: 'callback' | 'status_api';
  payload: unknown;
}

export interface Refund {
  id: string;
  orderId: string;
  waveId: string;
  pickupCode: string;
  buyerName: string;
  nip: string;
  amountRp: number;
  reason: string;
  gatewayPaymentId: string;
  createdAt: Date;
  settledAt: Date | null;
  settledBy: string | null;
  settlementReference: string | null;
}

export interface LockedRefund {
  settledAt: Date | null;
  orderId: string;
  waveId: string;
  amountRp: number;
}

/** A wave's QRIS money as the gateway reported it and as the service recorded it, in rupiah. */
export interface QrisTotals {
  gatewayPayments: number;
  gatewaySettledRp: number;
  paidOrdersRp: number;
  cancelledAfterPaymentRp: number;
  reversedRp: number;
  refundsRaisedRp: number;
  refundsOwedRp: number;
  refundsSettledRp: number;
}

interface IntentRow {
  id: string;
  order_id: string;
  amount_rp: number;
  gateway_qr_id: string | null;
  qr_string: string | null;
  expires_at: Date;
  status: IntentStatus;
}

interface RefundRow {
  id: string;
  order_id: string;
  wave_id: string;
  pickup_code: string;
  buyer_name: string;
  nip: string;
  amount_rp: string;
  reason: string;
  gateway_payment_id: string;
  created_at: Date;
  settled_at: Date | null;
  settled_by: string | null;
  settlement_reference: string | null;
}

/** A pending code is shown again while it has a while left, or when no later one could be had (it lasts to the deadline). */
const stillShown = (windowMs: string, deadline: string) =>
  `(expires_at > now() + ${windowMs} * interval '1 millisecond' OR expires_at >= ${deadline})`;

const INTENT_COLUMNS = 'id, order_id, amount_rp::float8 AS amount_rp, gateway_qr_id, qr_string, expires_at, status';

const REFUND_SELECT = `
SELECT r.id, r.order_id, r.wave_id, o.pickup_code, b.name AS buyer_name, b.nip, r.amount_rp, r.reason,
       g.gateway_payment_id, r.created_at, r.settled_at, u.username AS settled_by, r.settlement_reference
  FROM refunds r
  JOIN orders o ON o.id = r.order_id
  JOIN buyers b ON b.id = o.buyer_id
  JOIN gateway_payments g ON g.id = r.gateway_payment_id
  LEFT JOIN users u ON u.id = r.settled_by_id`;

function intent(row: IntentRow): PaymentIntent {
  return {
    id: row.id,
    orderId: row.order_id,
    amountRp: Number(row.amount_rp),
    gatewayQrId: row.gateway_qr_id,
    qrString: row.qr_string,
    expiresAt: row.expires_at,
    status: row.status,
  };
}

function refund(row: RefundRow): Refund {
  return {
    id: row.id,
    orderId: row.order_id,
    waveId: row.wave_id,
    pickupCode: row.pickup_code,
    buyerName: row.buyer_name,
    nip: row.nip,
    amountRp: Number(row.amount_rp),
    reason: row.reason,
    gatewayPaymentId: row.gateway_payment_id,
    createdAt: row.created_at,
    settledAt: row.settled_at,
    settledBy: row.settled_by,
    settlementReference: row.settlement_reference,
  };
}

/** QRIS payment intents, the gateway's payments and the refunds they leave owed. */
@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The buyer's order with what it still owes and its wave's payment deadline; null when it is not theirs. */
  async orderToPay(orderId: string, buyerId: string | null): Promise<OrderToPay | null> {
    const rows: { id: string; status: OrderStatus; total_rp: number; payment_deadline: Date; deadline_passed: boolean }[] =
      await this.dataSource.query(
        // What is owed: the total less a voucher that pays part of it (src/vouchers).
        `SELECT o.id, o.status, w.payment_deadline, w.payment_deadline <= now() AS deadline_passed,
                (o.total_rp - coalesce((SELECT sum(r.amount_rp) FROM voucher_redemptions r
                                         WHERE r.order_id = o.id AND r.released_at IS NULL AND r.payment_id IS NULL), 0))::float8 AS total_rp
           FROM orders o JOIN waves w ON w.id = o.wave_id WHERE o.id = $1 AND o.buyer_id = $2`,
        [orderId, buyerId],
      );
    if (rows.length === 0) return null;
    const [row] = rows;
    return {
      id: row.id,
      status: row.status,
      owedRp: row.total_rp,
      paymentDeadline: new Date(row.payment_deadline),
      deadlinePassed: row.deadline_passed,
    };
  }

  /** The order's pending code for this amount that is still shown (see stillShown), if any. */
  async reusableIntent(
    manager: EntityManager,
    orderId: string,
    amountRp: number,
    minRemainingMs: number,
    deadline: Date,
  ): Promise<PaymentIntent | null> {
    const rows: IntentRow[] = await manager.query(
      `SELECT ${INTENT_COLUMNS} FROM payment_intents
        WHERE order_id = $1 AND amount_rp = $2 AND status = 'pending' AND qr_string IS NOT NULL AND ${stillShown('$3', '$4')}`,
      [orderId, amountRp, minRemainingMs, deadline],
    );
    return rows.length > 0 ? intent(rows[0]) : null;
  }

  async closePendingIntents(manager: EntityManager, orderId: string): Promise<void> {
    await manager.query(`UPDATE payment_intents SET status = 'closed', closed_at = now() WHERE order_id = $1 AND status = 'pending'`, [
      orderId,
    ]);
  }

  /** A lapsed code with no payment is closed (unless something else settled it meanwhile). */
  async closeLapsedIntent(intentId: string): Promise<void> {
    await this.dataSource.query(`UPDATE payment_intents SET status = 'closed', closed_at = now() WHERE id = $1 AND status = 'pending'`, [
      intentId,
    ]);
  }

  async markIntentPaid(manager: EntityManager, intentId: string): Promise<void> {
    await manager.query(`UPDATE payment_intents SET status = 'paid', closed_at = now() WHERE id = $1 AND status <> 'paid'`, [intentId]);
  }

  async latestIntent(orderId: string): Promise<PaymentIntent | null> {
    const rows: IntentRow[] = await this.dataSource.query(
      `SELECT ${INTENT_COLUMNS} FROM payment_intents WHERE order_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [orderId],
    );
    return rows.length > 0 ? intent(rows[0]) : null;
  }

  /** The QRIS payload of the order's latest pending code, if any. */
  async pendingQrString(orderId: string): Promise<string | null> {
    const rows: { qr_string: string }[] = await this.dataSource.query(
      `SELECT qr_string FROM payment_intents WHERE order_id = $1 AND status = 'pending' AND qr_string IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
      [orderId],
    );
    return rows[0]?.qr_string ?? null;
  }

  /** A new intent, before the gateway is asked for its code; returns its id. */
  async createIntent(manager: EntityManager, orderId: string, amountRp: number, gateway: string, expiresAt: Date): Promise<string> {
    const [row]: { id: string; wave_id: string }[] = await manager.query(
      `INSERT INTO payment_intents (order_id, wave_id, amount_rp, gateway, expires_at)
       SELECT id, wave_id, $2, $3, $4 FROM orders WHERE id = $1 RETURNING id, wave_id`,
      [orderId, amountRp, gateway, expiresAt],
    );
    return row.id;
  }

  /** Stores the gateway's code on the intent; it lapses when the gateway says, if that is sooner. */
  async attachQr(manager: EntityManager, intentId: string, qr: { id: string; qrString: string; expiresAt: Date }): Promise<PaymentIntent> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [IntentRow[], number] = await manager.query(
      `UPDATE payment_intents SET gateway_qr_id = $2, qr_string = $3, expires_at = least(expires_at, $4) WHERE id = $1 RETURNING ${INTENT_COLUMNS}`,
      [intentId, qr.id, qr.qrString, qr.expiresAt],
    );
    return intent(rows[0]);
  }

  /** The order's pending codes that are no longer shown (see stillShown). */
  async lapsedIntents(orderId: string, minRemainingMs: number, deadline: Date): Promise<PendingQr[]> {
    const rows: { id: string; gateway_qr_id: string }[] = await this.dataSource.query(
      `SELECT id, gateway_qr_id FROM payment_intents WHERE order_id = $1 AND status = 'pending' AND gateway_qr_id IS NOT NULL
          AND NOT ${stillShown('$2', '$3')}`,
      [orderId, minRemainingMs, deadline],
    );
    return rows.map((row) => ({ id: row.id, gatewayQrId: row.gateway_qr_id }));
  }

  /** Pending codes lapsing within `windowSeconds` or lapsed, soonest first. */
  async intentsToReconcile(windowSeconds: number, limit: number): Promise<(PendingQr & { lapsed: boolean })[]> {
    const rows: { id: string; gateway_qr_id: string; lapsed: boolean }[] = await this.dataSource.query(
      `SELECT id, gateway_qr_id, expires_at <= now() AS lapsed FROM payment_intents
        WHERE status = 'pending' AND gateway_qr_id IS NOT NULL AND expires_at <= now() + $1 * interval '1 second'
        ORDER BY expires_at LIMIT $2`,
      [windowSeconds, limit],
    );
    return rows.map((row) => ({ id: row.id, gatewayQrId: row.gateway_qr_id, lapsed: row.lapsed }));
  }

  /** The intent by the gateway's QR id, else by our reference (an intent id). */
  async reportedIntent(qrId: string | null, referenceId: string | null): Promise<ReportedIntent | null> {
    const rows: { id: string; order_id: string; amount_rp: number; gateway: string }[] = await this.dataSource.query(
      `SELECT id, order_id, amount_rp::float8 AS amount_rp, gateway FROM payment_intents
        WHERE gateway_qr_id = $1 OR id = $2 ORDER BY (gateway_qr_id = $1) DESC NULLS LAST LIMIT 1`,
      [qrId, referenceId],
    );
    if (rows.length === 0) return null;
    const [row] = rows;
    return { id: row.id, orderId: row.order_id, amountRp: row.amount_rp, gateway: row.gateway };
  }

  async knownGatewayPayment(manager: EntityManager, gatewayPaymentId: string): Promise<KnownGatewayPayment | null> {
    const known: { order_id: string; outcome: GatewayPaymentOutcome; reason: RefundReason | null }[] = await manager.query(
      `SELECT g.order_id, g.outcome, r.reason FROM gateway_payments g LEFT JOIN refunds r ON r.gateway_payment_id = g.id
        WHERE g.gateway_payment_id = $1`,
      [gatewayPaymentId],
    );
    return known.length > 0 ? { orderId: known[0].order_id, outcome: known[0].outcome, refundReason: known[0].reason } : null;
  }

  /** Returns the new row's id. */
  async insertGatewayPayment(manager: EntityManager, payment: NewGatewayPayment): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO gateway_payments (gateway, gateway_payment_id, intent_id, order_id, wave_id, amount_rp, paid_at, outcome, payment_id, via, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        payment.gateway,
        payment.gatewayPaymentId,
        payment.intentId,
        payment.orderId,
        payment.waveId,
        payment.amountRp,
        payment.paidAt,
        payment.outcome,
        payment.paymentId,
        payment.via,
        payment.payload,
      ],
    );
    return row.id;
  }

  /** Whether the wave's payment deadline had passed at `at`. */
  async deadlinePassedAt(manager: EntityManager, waveId: string, at: Date): Promise<boolean> {
    const [wave]: { late: boolean }[] = await manager.query('SELECT payment_deadline <= $2 AS late FROM waves WHERE id = $1', [waveId, at]);
    return wave.late;
  }

  /** Returns the refund's id. */
  async insertRefund(
    manager: EntityManager,
    refund: { orderId: string; waveId: string; amountRp: number; reason: RefundReason; gatewayPaymentId: string },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO refunds (order_id, wave_id, amount_rp, reason, gateway_payment_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [refund.orderId, refund.waveId, refund.amountRp, refund.reason, refund.gatewayPaymentId],
    );
    return row.id;
  }

  /** The wave's refunds, oldest first; only owed or only settled ones when asked. */
  async refundsOfWave(waveId: string, status?: 'owed' | 'settled'): Promise<Refund[]> {
    const rows: RefundRow[] = await this.dataSource.query(
      `${REFUND_SELECT} WHERE r.wave_id = $1 AND ($2::text IS NULL OR (r.settled_at IS NULL) = ($2 = 'owed')) ORDER BY r.created_at`,
      [waveId, status ?? null],
    );
    return rows.map(refund);
  }

  async refund(refundId: string): Promise<Refund> {
    const [row]: RefundRow[] = await this.dataSource.query(`${REFUND_SELECT} WHERE r.id = $1`, [refundId]);
    return refund(row);
  }

  async lockRefund(manager: EntityManager, refundId: string): Promise<LockedRefund | null> {
    const rows: { settled_at: Date | null; order_id: string; wave_id: string; amount_rp: string }[] = await manager.query(
      'SELECT settled_at, order_id, wave_id, amount_rp FROM refunds WHERE id = $1 FOR UPDATE',
      [refundId],
    );
    if (rows.length === 0) return null;
    const [row] = rows;
    return { settledAt: row.settled_at, orderId: row.order_id, waveId: row.wave_id, amountRp: Number(row.amount_rp) };
  }

  async settleRefund(manager: EntityManager, refundId: string, userId: string, reference: string): Promise<void> {
    await manager.query('UPDATE refunds SET settled_at = now(), settled_by_id = $2, settlement_reference = $3 WHERE id = $1', [
      refundId,
      userId,
      reference,
    ]);
  }

  async qrisTotals(waveId: string): Promise<QrisTotals> {
    const [row]: Record<string, string>[] = await this.dataSource.query(
      `SELECT count(*)::int AS gateway_payments,
              coalesce(sum(g.amount_rp), 0) AS gateway_settled_rp,
              coalesce(sum(g.amount_rp) FILTER (WHERE g.outcome = 'applied' AND p.reversed_at IS NULL AND o.status = ANY ($2)), 0) AS paid_orders_rp,
              coalesce(sum(g.amount_rp) FILTER (WHERE g.outcome = 'applied' AND p.reversed_at IS NULL AND o.status = 'cancelled'), 0) AS cancelled_after_payment_rp,
              coalesce(sum(g.amount_rp) FILTER (WHERE g.outcome = 'applied' AND p.reversed_at IS NOT NULL), 0) AS reversed_rp,
              coalesce(sum(r.amount_rp), 0) AS refunds_raised_rp,
              coalesce(sum(r.amount_rp) FILTER (WHERE r.settled_at IS NULL), 0) AS refunds_owed_rp,
              coalesce(sum(r.amount_rp) FILTER (WHERE r.settled_at IS NOT NULL), 0) AS refunds_settled_rp
         FROM gateway_payments g
         JOIN orders o ON o.id = g.order_id
         LEFT JOIN payments p ON p.id = g.payment_id
         LEFT JOIN refunds r ON r.gateway_payment_id = g.id
        WHERE g.wave_id = $1`,
      [waveId, PAID_ORDER_STATES],
    );
    const rp = (name: string) => Number(row[name]);
    return {
      gatewayPayments: rp('gateway_payments'),
      gatewaySettledRp: rp('gateway_settled_rp'),
      paidOrdersRp: rp('paid_orders_rp'),
      cancelledAfterPaymentRp: rp('cancelled_after_payment_rp'),
      reversedRp: rp('reversed_rp'),
      refundsRaisedRp: rp('refunds_raised_rp'),
      refundsOwedRp: rp('refunds_owed_rp'),
      refundsSettledRp: rp('refunds_settled_rp'),
    };
  }
}
