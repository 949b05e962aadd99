/**
 * What standing vouchers pay of an order without being its payment (a voucher worth less than the
 * total), as SQL, for the order whose id is the expression `orderId` (a column or a parameter).
 * voucherCoveredRp (vouchers.repository.ts) reads it for one order.
 */
export const voucherCoveredRpSql = (orderId: string): string =>
  `(SELECT coalesce(sum(amount_rp), 0) FROM voucher_redemptions WHERE order_id = ${orderId} AND released_at IS NULL AND payment_id IS NULL)`;
