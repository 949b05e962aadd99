import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { PAID_ORDER_STATES } from '../orders/order-transitions';

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

const REFUND_SELECT = `
SELECT r.id, r.order_id, r.wave_id, o.pickup_code, b.name AS buyer_name, b.nip, r.amount_rp, r.reason,
       g.gateway_payment_id, r.created_at, r.settled_at, u.username AS settled_by, r.settlement_reference
  FROM refunds r
  JOIN orders o ON o.id = r.order_id
  JOIN buyers b ON b.id = o.buyer_id
  JOIN gateway_payments g ON g.id = r.gateway_payment_id
  LEFT JOIN users u ON u.id = r.settled_by_id`;

/** Refunds owed for gateway payments an order could not take, and the per-wave QRIS reconciliation. */
@Injectable()
export class RefundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(waveId: string, status?: 'owed' | 'settled') {
    const rows: RefundRow[] = await this.dataSource.query(
      `${REFUND_SELECT} WHERE r.wave_id = $1 AND ($2::text IS NULL OR (r.settled_at IS NULL) = ($2 = 'owed')) ORDER BY r.created_at`,
      [waveId, status ?? null],
    );
    return rows.map(refundView);
  }

  /** An administrator records that the money went back (a transfer or the gateway's refund), with its reference. */
  async settle(refundId: string, user: AuthUser, reference: string) {
    await this.dataSource.transaction(async (manager) => {
      const rows: { settled_at: Date | null; order_id: string; wave_id: string; amount_rp: string }[] = await manager.query(
        'SELECT settled_at, order_id, wave_id, amount_rp FROM refunds WHERE id = $1 FOR UPDATE',
        [refundId],
      );
      if (rows.length === 0) throw DomainError.notFound('Refund');
      if (rows[0].settled_at) throw DomainError.invalidTransition('Pengembalian dana ini sudah diselesaikan');
      await manager.query('UPDATE refunds SET settled_at = now(), settled_by_id = $2, settlement_reference = $3 WHERE id = $1', [
        refundId,
        user.userId,
        reference,
      ]);
      await this.audit.record(manager, {
        action: 'refund.settled',
        entityType: 'refund',
        entityId: refundId,
        orderId: rows[0].order_id,
        waveId: rows[0].wave_id,
        before: { settled: false },
        after: { settled: true, reference, amountRp: Number(rows[0].amount_rp) },
      });
    });
    const [row]: RefundRow[] = await this.dataSource.query(`${REFUND_SELECT} WHERE r.id = $1`, [refundId]);
    return refundView(row);
  }

  /**
   * What the gateway reported settled for the wave equals, to the rupiah, what the service
   * recorded: QRIS payments standing on orders (paid, or cancelled afterwards: owed back by the
   * desk's reconciliation) plus refunds raised; nothing reported is left unaccounted.
   */
  async reconciliation(waveId: string) {
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
    const recordedRp = rp('paid_orders_rp') + rp('cancelled_after_payment_rp') + rp('reversed_rp') + rp('refunds_raised_rp');
    return {
      waveId,
      gatewayPayments: Number(row.gateway_payments),
      gatewaySettledRp: rp('gateway_settled_rp'),
      paidOrdersRp: rp('paid_orders_rp'),
      cancelledAfterPaymentRp: rp('cancelled_after_payment_rp'),
      reversedRp: rp('reversed_rp'),
      refundsRaisedRp: rp('refunds_raised_rp'),
      refundsOwedRp: rp('refunds_owed_rp'),
      refundsSettledRp: rp('refunds_settled_rp'),
      recordedRp,
      balanced: recordedRp === rp('gateway_settled_rp'),
    };
  }
}

function refundView(row: RefundRow) {
  return {
    id: row.id,
    orderId: row.order_id,
    waveId: row.wave_id,
    pickupCode: row.pickup_code,
    buyer: { name: row.buyer_name, nip: row.nip },
    amountRp: Number(row.amount_rp),
    reason: row.reason,
    gatewayPaymentId: row.gateway_payment_id,
    createdAt: toWib(row.created_at),
    settled: row.settled_at !== null,
    settledAt: toWib(row.settled_at),
    settledBy: row.settled_by,
    settlementReference: row.settlement_reference,
  };
}
