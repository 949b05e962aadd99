import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { formatRp } from '../common/money';
import { toWib } from '../common/time';
import { AdvisoryLock, lockUntilCommit } from '../database/advisory-locks';
import { PAID_ORDER_STATES } from '../orders/order-transitions';
import { Role } from '../users/role.enum';
import { RecordCashHandoverDto } from './dto/cash-handover.dto';
import { PaymentMethod } from './payment.entity';
import { CASH_HELD_SQL, orderRefundPaidSql } from './refund-owed';

interface CollectedRow {
  user_id: string;
  username: string;
  role: Role;
  method: PaymentMethod;
  payments: number;
  amount_rp: string;
}

interface HandedRow {
  officer_id: string;
  pending_rp: string;
  confirmed_rp: string;
}

interface PaidOutRow {
  officer_id: string;
  refunds: number;
  amount_rp: string;
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

type MethodTotals = Record<PaymentMethod, number> & { totalRp: number; payments: number };

const emptyTotals = (): MethodTotals => ({
  [PaymentMethod.Cash]: 0,
  [PaymentMethod.Transfer]: 0,
  [PaymentMethod.Qris]: 0,
  [PaymentMethod.Voucher]: 0,
  totalRp: 0,
  payments: 0,
});

/**
 * Cash custody per wave. What an officer collected is the sum of the standing payments they
 * received, by method; transfers and QRIS go straight to the programme's account, cash stays with
 * the officer until they record handing it over. Reconciliation: the standing payments equal the
 * paid orders' totals plus what is owed back on orders cancelled after payment, to the rupiah.
 */
@Injectable()
export class CashService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** An administrator sees every collector and the reconciliation; an officer sees their own custody. */
  async custody(waveId: string, user: AuthUser) {
    await this.assertWave(waveId);
    const only = user.role === Role.Admin ? null : user.userId;
    const [collected, handed, paidOut]: [CollectedRow[], HandedRow[], PaidOutRow[]] = await Promise.all([
      this.dataSource.query(
        `SELECT p.received_by_id AS user_id, u.username, u.role, p.method, count(*)::int AS payments, sum(p.amount_rp) AS amount_rp
           FROM payments p JOIN users u ON u.id = p.received_by_id
          WHERE p.wave_id = $1 AND p.reversed_at IS NULL AND ($2::uuid IS NULL OR p.received_by_id = $2)
          GROUP BY 1, 2, 3, 4 ORDER BY 2`,
        [waveId, only],
      ),
      this.dataSource.query(
        `SELECT officer_id, coalesce(sum(amount_rp) FILTER (WHERE confirmed_at IS NULL), 0) AS pending_rp,
                coalesce(sum(amount_rp) FILTER (WHERE confirmed_at IS NOT NULL), 0) AS confirmed_rp
           FROM cash_handovers WHERE wave_id = $1 AND ($2::uuid IS NULL OR officer_id = $2) GROUP BY 1`,
        [waveId, only],
      ),
      this.dataSource.query(
        `SELECT paid_by_id AS officer_id, count(*)::int AS refunds, sum(amount_rp) AS amount_rp
           FROM refund_payouts WHERE wave_id = $1 AND ($2::uuid IS NULL OR paid_by_id = $2) GROUP BY 1`,
        [waveId, only],
      ),
    ]);
    const people = new Map<string, { userId: string; username: string; role: string; collected: MethodTotals }>();
    for (const row of collected) {
      const person = people.get(row.user_id) ?? { userId: row.user_id, username: row.username, role: row.role, collected: emptyTotals() };
      person.collected[row.method] += Number(row.amount_rp);
      person.collected.totalRp += Number(row.amount_rp);
      person.collected.payments += row.payments;
      people.set(row.user_id, person);
    }
    const handedBy = new Map(
      handed.map((row) => [row.officer_id, { pendingRp: Number(row.pending_rp), confirmedRp: Number(row.confirmed_rp) }]),
    );
    const paidOutBy = new Map(paidOut.map((row) => [row.officer_id, { refunds: row.refunds, amountRp: Number(row.amount_rp) }]));
    for (const officerId of new Set([...handedBy.keys(), ...paidOutBy.keys()])) {
      if (!people.has(officerId)) {
        const [u]: { username: string; role: string }[] = await this.dataSource.query('SELECT username, role FROM users WHERE id = $1', [
          officerId,
        ]);
        people.set(officerId, { userId: officerId, username: u.username, role: u.role, collected: emptyTotals() });
      }
    }
    const officers = [...people.values()].map((person) => {
      const cashHandedOver = handedBy.get(person.userId) ?? { pendingRp: 0, confirmedRp: 0 };
      // Refunds paid out in cash at the desk leave the officer's custody like cash handed over.
      const refundsPaidOut = paidOutBy.get(person.userId) ?? { refunds: 0, amountRp: 0 };
      return {
        ...person,
        cashHandedOver,
        refundsPaidOut,
        cashHeldRp: person.collected[PaymentMethod.Cash] - cashHandedOver.pendingRp - cashHandedOver.confirmedRp - refundsPaidOut.amountRp,
      };
    });
    const totals = {
      collected: officers.reduce((sum, o) => {
        for (const key of Object.keys(sum) as (keyof MethodTotals)[]) sum[key] += o.collected[key];
        return sum;
      }, emptyTotals()),
      cashHandedOver: {
        pendingRp: officers.reduce((sum, o) => sum + o.cashHandedOver.pendingRp, 0),
        confirmedRp: officers.reduce((sum, o) => sum + o.cashHandedOver.confirmedRp, 0),
      },
      refundsPaidOutRp: officers.reduce((sum, o) => sum + o.refundsPaidOut.amountRp, 0),
      cashHeldRp: officers.reduce((sum, o) => sum + o.cashHeldRp, 0),
    };
    const shortRp = officers.reduce((sum, o) => sum + Math.min(0, o.cashHeldRp), 0);
    return {
      waveId,
      officers,
      totals,
      ...(only ? {} : { reconciliation: await this.reconcile(waveId, totals.collected.totalRp, shortRp) }),
    };
  }

  /** The officer hands cash over; it leaves their custody now and waits for an administrator's confirmation. */
  async recordHandover(waveId: string, user: AuthUser, dto: RecordCashHandoverDto) {
    await this.assertWave(waveId);
    const id = await this.dataSource.transaction(async (manager) => {
      await lockUntilCommit(manager, AdvisoryLock.CashCustody, `${user.userId}:${waveId}`);
      const [held]: { held_rp: string }[] = await manager.query(CASH_HELD_SQL, [waveId, user.userId]);
      if (dto.amountRp > Number(held.held_rp)) {
        throw new DomainError(ErrorCode.CashNotHeld, `Anda memegang tunai ${formatRp(Number(held.held_rp))} untuk gelombang ini`, [
          { field: 'amountRp', messages: [`amountRp must be at most ${Number(held.held_rp)}`] },
        ]);
      }
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO cash_handovers (wave_id, officer_id, amount_rp, recipient, recipient_name, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [waveId, user.userId, dto.amountRp, dto.recipient, dto.recipientName ?? null, dto.note ?? null],
      );
      await this.audit.record(manager, {
        action: 'cash_handover.recorded',
        entityType: 'cash_handover',
        entityId: row.id,
        waveId,
        after: { amountRp: dto.amountRp, recipient: dto.recipient, recipientName: dto.recipientName ?? null, confirmed: false },
        details: { cashHeldBeforeRp: Number(held.held_rp) },
      });
      return row.id;
    });
    return this.handover(id);
  }

  /** An administrator (not the officer who handed it over) confirms the cash arrived. */
  async confirm(handoverId: string, user: AuthUser) {
    await this.dataSource.transaction(async (manager) => {
      const rows: { officer_id: string; wave_id: string; amount_rp: string; confirmed_at: Date | null }[] = await manager.query(
        'SELECT officer_id, wave_id, amount_rp, confirmed_at FROM cash_handovers WHERE id = $1 FOR UPDATE',
        [handoverId],
      );
      if (rows.length === 0) throw DomainError.notFound('Cash hand-over');
      if (rows[0].confirmed_at) throw DomainError.invalidTransition('This cash hand-over has already been confirmed');
      if (rows[0].officer_id === user.userId)
        throw DomainError.forbidden('Someone other than the person who handed the cash over must confirm it');
      await manager.query('UPDATE cash_handovers SET confirmed_at = now(), confirmed_by_id = $2 WHERE id = $1', [handoverId, user.userId]);
      await this.audit.record(manager, {
        action: 'cash_handover.confirmed',
        entityType: 'cash_handover',
        entityId: handoverId,
        waveId: rows[0].wave_id,
        before: { confirmed: false },
        after: { confirmed: true, amountRp: Number(rows[0].amount_rp) },
      });
    });
    return this.handover(handoverId);
  }

  async listHandovers(waveId: string, user: AuthUser) {
    await this.assertWave(waveId);
    const rows: HandoverRow[] = await this.dataSource.query(
      `${HANDOVER_SELECT} WHERE h.wave_id = $1 AND ($2::uuid IS NULL OR h.officer_id = $2) ORDER BY h.recorded_at, h.id`,
      [waveId, user.role === Role.Admin ? null : user.userId],
    );
    return rows.map(handoverView);
  }

  private async handover(id: string) {
    const rows: HandoverRow[] = await this.dataSource.query(`${HANDOVER_SELECT} WHERE h.id = $1`, [id]);
    return handoverView(rows[0]);
  }

  /** `shortRp`: the sum of negative cash holdings (an officer who handed over cash later refunded): never balanced. */
  private async reconcile(waveId: string, standingPaymentsRp: number, shortRp: number) {
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
    const paidOrdersRp = Number(row.paid_orders_rp);
    const refundPaidRp = Number(paidBack.rp);
    const refundDueRp = Number(row.refund_due_rp) + Number(partial.rp) - refundPaidRp;
    return {
      paidOrders: row.paid_orders,
      paidOrdersRp,
      refundDueOrders: row.refund_due_orders,
      refundDueRp,
      refundPaidRp,
      standingPaymentsRp,
      unpaidOrders: row.unpaid_orders,
      unpaidRp: Number(row.unpaid_rp),
      balanced: standingPaymentsRp === paidOrdersRp + refundDueRp + refundPaidRp && shortRp === 0,
    };
  }

  private async assertWave(waveId: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM waves WHERE id = $1', [waveId]);
    if (rows.length === 0) throw DomainError.notFound('Wave');
  }
}

const HANDOVER_SELECT = `
SELECT h.id, h.wave_id, h.officer_id, ou.username AS officer, h.amount_rp, h.recipient, h.recipient_name, h.note, h.recorded_at,
       h.confirmed_at, h.confirmed_by_id, cu.username AS confirmed_by
  FROM cash_handovers h JOIN users ou ON ou.id = h.officer_id LEFT JOIN users cu ON cu.id = h.confirmed_by_id`;

function handoverView(row: HandoverRow) {
  return {
    id: row.id,
    waveId: row.wave_id,
    officer: { userId: row.officer_id, username: row.officer },
    amountRp: Number(row.amount_rp),
    recipient: row.recipient,
    recipientName: row.recipient_name,
    note: row.note,
    recordedAt: toWib(row.recorded_at),
    confirmed: row.confirmed_at !== null,
    confirmedAt: toWib(row.confirmed_at),
    confirmedBy: row.confirmed_by_id ? { userId: row.confirmed_by_id, username: row.confirmed_by } : null,
  };
}
