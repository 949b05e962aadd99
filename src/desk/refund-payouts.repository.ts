import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { orderRefundOwedSql } from './refund-owed';

/** A gateway refund of the order not yet settled (src/payments), locked for its payout. */
export interface UnsettledRefund {
  id: string;
  amountRp: number;
}

/** Money paid back in cash at the desk (refund_payouts). */
@Injectable()
export class RefundPayoutsRepository {
  /** What is owed back on the order itself (refund-owed.ts), gateway refunds apart. */
  async owedOnOrderRp(manager: EntityManager, orderId: string): Promise<number> {
    const [{ owed }]: { owed: string }[] = await manager.query(`SELECT ${orderRefundOwedSql('o')} AS owed FROM orders o WHERE o.id = $1`, [
      orderId,
    ]);
    return Number(owed);
  }

  /** The order's gateway refunds not yet settled, oldest first, locked (FOR UPDATE). */
  async lockUnsettledGatewayRefunds(manager: EntityManager, orderId: string): Promise<UnsettledRefund[]> {
    const rows: { id: string; amount_rp: string }[] = await manager.query(
      'SELECT id, amount_rp FROM refunds WHERE order_id = $1 AND settled_at IS NULL ORDER BY created_at FOR UPDATE',
      [orderId],
    );
    return rows.map((row) => ({ id: row.id, amountRp: Number(row.amount_rp) }));
  }

  /** Records a payout (of the order's own money when `refundId` is null); returns its id. */
  async add(
    manager: EntityManager,
    payout: {
      orderId: string;
      waveId: string;
      pointId: string;
      amountRp: number;
      refundId: string | null;
      paidById: string;
      note: string | null;
    },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO refund_payouts (order_id, wave_id, dropping_point_id, amount_rp, refund_id, paid_by_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [payout.orderId, payout.waveId, payout.pointId, payout.amountRp, payout.refundId, payout.paidById, payout.note],
    );
    return id;
  }
}
