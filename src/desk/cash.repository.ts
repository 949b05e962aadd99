import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PAID_ORDER_STATES } from '../orders/order-transitions';
import { Role } from '../users/role.enum';
import { CashRecipient } from './cash-handover.entity';
import { PaymentMethod } from './payment.entity';
import { orderRefundPaidSql } from './refund-owed';

/** What one person received in standing payments of one method for the wave. */
export interface CollectedByMethod {
  userId: string;
  username: string;
  role: Role;
  method: PaymentMethod;
  payments: number;
  amountRp: number;
}

/** Cash an officer handed over for the wave, awaiting confirmation and confirmed. */
export interface HandedOverCash {
  officerId: string;
  pendingRp: number;
  confirmedRp: number;
}

/** Refunds an officer paid out in cash for the wave. */
export interface RefundsPaidOut {
  officerId: string;
  refunds: number;
  amountRp: number;
}

export interface CashHandoverRecord {
  id: string;
  waveId: string;
  officerId: string;
  officer: string;
  amountRp: number;
  recipient: string;
  recipientName: string | null;
  note: string | null;
  recordedAt: Date;
  confirmedAt: Date | null;
  confirmedById: string | null;
  confirmedBy: string | null;
}

/** A cash hand-over locked for its confirmation. */
export interface LockedCashHandover {
  officerId: string;
  waveId: string;
  amountRp: number;
  confirmedAt: Date | null;
}

/** The wave's orders and payments as the reconciliation of its money compares them. */
export interface ReconciliationFigures {
  paidOrders: number;
  /** Paid orders' totals less what vouchers paid of them. */
  paidOrdersRp: number;
  /** Cancelled orders whose standing payment the desk has not paid back in full. */
  refundDueOrders: number;
  /** Standing payments of cancelled orders. */
  cancelledPaidRp: number;
  /** What shortfall cuts took from paid orders that stand. */
  shortfallCutRp: number;
  /** Paid back in cash at the desk on the orders themselves (gateway refunds apart). */
  refundPaidRp: number;
  unpaidOrders: number;
  unpaidRp: number;
}

/** Cash custody per wave: payments collected, cash handed over and refunds paid out, per officer. */
@Injectable()
export class CashRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async waveExists(waveId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM waves WHERE id = $1', [waveId]);
    return rows.length > 0;
  }

  /** Standing payments of the wave per receiver and method, by username; only `officerId`'s when given. */
  async collected(waveId: string, officerId: string | null): Promise<CollectedByMethod[]> {
    const rows: { user_id: string; username: string; role: Role; method: PaymentMethod; payments: number; amount_rp: string }[] =
      await this.dataSource.query(
        `SELECT p.received_by_id AS user_id, u.username, u.role, p.method, count(*)::int AS payments, sum(p.amount_rp) AS amount_rp
           FROM payments p JOIN users u ON u.id = p.received_by_id
          WHERE p.wave_id = $1 AND p.reversed_at IS NULL AND ($2::uuid IS NULL OR p.received_by_id = $2)
          GROUP BY 1, 2, 3, 4 ORDER BY 2`,
        [waveId, officerId],
      );
    return rows.map((row) => ({
      userId: row.user_id,
      username: row.username,
      role: row.role,
      method: row.method,
      payments: row.payments,
      amountRp: Number(row.amount_rp),
    }));
  }

  /** Cash handed over for the wave per officer; only `officerId`'s when given. */
  async handedOver(waveId: string, officerId: string | null): Promise<HandedOverCash[]> {
    const rows: { officer_id: string; pending_rp: string; confirmed_rp: string }[] = await this.dataSource.query(
      `SELECT officer_id, coalesce(sum(amount_rp) FILTER (WHERE confirmed_at IS NULL), 0) AS pending_rp,
              coalesce(sum(amount_rp) FILTER (WHERE confirmed_at IS NOT NULL), 0) AS confirmed_rp
         FROM cash_handovers WHERE wave_id = $1 AND ($2::uuid IS NULL OR officer_id = $2) GROUP BY 1`,
      [waveId, officerId],
    );
    return rows.map((row) => ({ officerId: row.officer_id, pendingRp: Number(row.pending_rp), confirmedRp: Number(row.confirmed_rp) }));
  }

  /** Refunds paid out in cash for the wave per officer; only `officerId`'s when given. */
  async refundsPaidOut(waveId: string, officerId: string | null): Promise<RefundsPaidOut[]> {
    const rows: { officer_id: string; refunds: number; amount_rp: string }[] = await this.dataSource.query(
      `SELECT paid_by_id AS officer_id, count(*)::int AS refunds, sum(amount_rp) AS amount_rp
         FROM refund_payouts WHERE wave_id = $1 AND ($2::uuid IS NULL OR paid_by_id = $2) GROUP BY 1`,
      [waveId, officerId],
    );
    return rows.map((row) => ({ officerId: row.officer_id, refunds: row.refunds, amountRp: Number(row.amount_rp) }));
  }

  /** The username and role of a person holding or handing over cash. */
  async person(userId: string): Promise<{ username: string; role: string }> {
    const [person]: { username: string; role: string }[] = await this.dataSource.query('SELECT username, role FROM users WHERE id = $1', [
      userId,
    ]);
    return person;
  }

  /** Cash the officer holds for the wave: cash taken, less cash handed over, less refunds paid out. */
  async cashHeldRp(manager: EntityManager, waveId: string, officerId: string): Promise<number> {
    const [held]: { held_rp: string }[] = await manager.query(
      `SELECT (SELECT coalesce(sum(amount_rp), 0) FROM payments
                WHERE wave_id = $1 AND received_by_id = $2 AND method = 'CASH' AND reversed_at IS NULL)
            - (SELECT coalesce(sum(amount_rp), 0) FROM cash_handovers WHERE wave_id = $1 AND officer_id = $2)
            - (SELECT coalesce(sum(amount_rp), 0) FROM refund_payouts WHERE wave_id = $1 AND paid_by_id = $2) AS held_rp`,
      [waveId, officerId],
    );
    return Number(held.held_rp);
  }

  /** Records cash handed over, not yet confirmed; returns its id. */
  async addHandover(
    manager: EntityManager,
    handover: {
      waveId: string;
      officerId: string;
      amountRp: number;
      recipient: CashRecipient;
      recipientName: string | null;
      note: string | null;
    },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO cash_handovers (wave_id, officer_id, amount_rp, recipient, recipient_name, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [handover.waveId, handover.officerId, handover.amountRp, handover.recipient, handover.recipientName, handover.note],
    );
    return id;
  }

  /** The hand-over locked (FOR UPDATE); null when there is none. */
  async lockHandover(manager: EntityManager, handoverId: string): Promise<LockedCashHandover | null> {
    const rows: { officer_id: string; wave_id: string; amount_rp: string; confirmed_at: Date | null }[] = await manager.query(
      'SELECT officer_id, wave_id, amount_rp, confirmed_at FROM cash_handovers WHERE id = $1 FOR UPDATE',
      [handoverId],
    );
    if (rows.length === 0) return null;
    return {
      officerId: rows[0].officer_id,
      waveId: rows[0].wave_id,
      amountRp: Number(rows[0].amount_rp),
      confirmedAt: rows[0].confirmed_at,
    };
  }

  async confirmHandover(manager: EntityManager, handoverId: string, confirmedById: string): Promise<void> {
    await manager.query('UPDATE cash_handovers SET confirmed_at = now(), confirmed_by_id = $2 WHERE id = $1', [handoverId, confirmedById]);
  }

  /** The wave's cash hand-overs, oldest first; only `officerId`'s when given. */
  async handovers(waveId: string, officerId: string | null): Promise<CashHandoverRecord[]> {
    const rows: HandoverRow[] = await this.dataSource.query(
      `${HANDOVER_SELECT} WHERE h.wave_id = $1 AND ($2::uuid IS NULL OR h.officer_id = $2) ORDER BY h.recorded_at, h.id`,
      [waveId, officerId],
    );
    return rows.map(handoverRecord);
  }

  async handover(handoverId: string): Promise<CashHandoverRecord> {
    const rows: HandoverRow[] = await this.dataSource.query(`${HANDOVER_SELECT} WHERE h.id = $1`, [handoverId]);
    return handoverRecord(rows[0]);
  }

  async reconciliationFigures(waveId: string): Promise<ReconciliationFigures> {
    const [row]: {
      paid_orders: number;
      paid_orders_rp: string;
      refund_due_orders: number;
      refund_due_rp: string;
      unpaid_orders: number;
      unpaid_rp: string;
    }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE o.status = ANY ($2))::int AS paid_orders,
                coalesce(sum(o.total_rp - coalesce(vr.rp, 0)) FILTER (WHERE o.status = ANY ($2)), 0) AS paid_orders_rp,
                count(*) FILTER (WHERE o.status = 'cancelled' AND p.id IS NOT NULL AND ${orderRefundPaidSql('o')} < p.amount_rp)::int AS refund_due_orders,
                coalesce(sum(p.amount_rp) FILTER (WHERE o.status = 'cancelled'), 0) AS refund_due_rp,
                count(*) FILTER (WHERE o.status = 'placed')::int AS unpaid_orders,
                coalesce(sum(o.total_rp - coalesce(vr.rp, 0)) FILTER (WHERE o.status = 'placed'), 0) AS unpaid_rp
           FROM orders o LEFT JOIN payments p ON p.order_id = o.id AND p.reversed_at IS NULL
           -- A voucher paying part of an order (src/vouchers): the standing payment is the rest.
           LEFT JOIN LATERAL (SELECT sum(r.amount_rp) AS rp FROM voucher_redemptions r
                               WHERE r.order_id = o.id AND r.released_at IS NULL AND r.payment_id IS NULL) vr ON true
          WHERE o.wave_id = $1`,
      [waveId, PAID_ORDER_STATES],
    );
    // A shortfall that reduced (not cancelled) a paid order owes the buyer the part cut away.
    const [partial]: { rp: string }[] = await this.dataSource.query(
      `SELECT coalesce(sum(sc.refund_due_rp), 0) AS rp
         FROM shortfall_cuts sc JOIN orders o ON o.id = sc.order_id
        WHERE o.wave_id = $1 AND NOT sc.order_cancelled AND o.status <> 'cancelled'`,
      [waveId],
    );
    // Paid back in cash at the desk: the payment stands, the money owed back on it is settled.
    const [paidBack]: { rp: string }[] = await this.dataSource.query(
      'SELECT coalesce(sum(amount_rp), 0) AS rp FROM refund_payouts WHERE wave_id = $1 AND refund_id IS NULL',
      [waveId],
    );
    return {
      paidOrders: row.paid_orders,
      paidOrdersRp: Number(row.paid_orders_rp),
      refundDueOrders: row.refund_due_orders,
      cancelledPaidRp: Number(row.refund_due_rp),
      shortfallCutRp: Number(partial.rp),
      refundPaidRp: Number(paidBack.rp),
      unpaidOrders: row.unpaid_orders,
      unpaidRp: Number(row.unpaid_rp),
    };
  }
}

interface HandoverRow {
  id: string;
  wave_id: string;
  officer_id: string;
  officer: string;
  amount_rp: string;
  recipient: string;
  recipient_name: string | null;
  note: string | null;
  recorded_at: Date;
  confirmed_at: Date | null;
  confirmed_by_id: string | null;
  confirmed_by: string | null;
}

const HANDOVER_SELECT = `
SELECT h.id, h.wave_id, h.officer_id, ou.username AS officer, h.amount_rp, h.recipient, h.recipient_name, h.note, h.recorded_at,
       h.confirmed_at, h.confirmed_by_id, cu.username AS confirmed_by
  FROM cash_handovers h JOIN users ou ON ou.id = h.officer_id LEFT JOIN users cu ON cu.id = h.confirmed_by_id`;

function handoverRecord(row: HandoverRow): CashHandoverRecord {
  return {
    id: row.id,
    waveId: row.wave_id,
    officerId: row.officer_id,
    officer: row.officer,
    amountRp: Number(row.amount_rp),
    recipient: row.recipient,
    recipientName: row.recipient_name,
    note: row.note,
    recordedAt: row.recorded_at,
    confirmedAt: row.confirmed_at,
    confirmedById: row.confirmed_by_id,
    confirmedBy: row.confirmed_by,
  };
}
