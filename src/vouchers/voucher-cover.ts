import type { EntityManager } from 'typeorm';

/**
 * What standing vouchers pay of an order without being its payment (a voucher worth less than the
 * total): the order's standing payment, by QRIS or at the desk, is the total less this. Read with
 * the order row locked (DeskTransactions), as vouchers are applied under the same lock.
 */
export async function voucherCoveredRp(manager: EntityManager, orderId: string): Promise<number> {
  const [row]: { rp: number }[] = await manager.query(`SELECT ${voucherCoveredRpSql('$1')}::float8 AS rp`, [orderId]);
  return Number(row.rp);
}

/** The same as SQL, for the order whose id is the expression `orderId` (a column or a parameter). */
export const voucherCoveredRpSql = (orderId: string): string =>
  `(SELECT coalesce(sum(amount_rp), 0) FROM voucher_redemptions WHERE order_id = ${orderId} AND released_at IS NULL AND payment_id IS NULL)`;
