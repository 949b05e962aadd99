import type { EntityManager } from 'typeorm';

/**
 * What standing vouchers pay of an order without being its payment (a voucher worth less than the
 * total): the order's standing payment, by QRIS or at the desk, is the total less this. Read with
 * the order row locked (DeskTransactions), as vouchers are applied under the same lock.
 */
export async function voucherCoveredRp(manager: EntityManager, orderId: string): Promise<number> {
  const [row]: { rp: number }[] = await manager.query(
    `SELECT coalesce(sum(amount_rp), 0)::float8 AS rp FROM voucher_redemptions
      WHERE order_id = $1 AND released_at IS NULL AND payment_id IS NULL`,
    [orderId],
  );
  return Number(row.rp);
}
