/**
 * Money owed back to a buyer on the order itself, in rupiah, as SQL over the order alias `o`: the
 * whole standing money payment of a cancelled order (a paid no-show, a cancelled wave, a shortfall
 * that took everything), or what shortfall cuts took from a paid order that stands; less what the
 * desk already paid out. Refunds of gateway payments the order could not take are in `refunds`.
 */
export function orderRefundOwedSql(o: string): string {
  return `(CASE WHEN ${o}.status = 'cancelled'
      THEN (SELECT coalesce(sum(p.amount_rp), 0) FROM payments p
             WHERE p.order_id = ${o}.id AND p.reversed_at IS NULL AND p.method <> 'VOUCHER')
      WHEN EXISTS (SELECT 1 FROM payments p WHERE p.order_id = ${o}.id AND p.reversed_at IS NULL)
      THEN (SELECT coalesce(sum(c.refund_due_rp), 0) FROM shortfall_cuts c WHERE c.order_id = ${o}.id AND NOT c.order_cancelled)
      ELSE 0 END
    - ${orderRefundPaidSql(o)})`;
}

/** What the desk paid back in cash on the order itself (not for gateway refunds). */
export function orderRefundPaidSql(o: string): string {
  return `(SELECT coalesce(sum(r.amount_rp), 0) FROM refund_payouts r WHERE r.order_id = ${o}.id AND r.refund_id IS NULL)`;
}

/**
 * What a shortfall cut (alias `c`, src/purchase-orders) still owes back in money: nothing once the
 * order's payment was reversed (the administrator's refund) or the desk paid money back on the order
 * after the cut (a payout pays all that is owed on the order at the time).
 */
export function cutRefundOwedSql(c: string): string {
  return `(CASE WHEN EXISTS (SELECT 1 FROM payments p WHERE p.order_id = ${c}.order_id AND p.reversed_at IS NULL)
                 AND NOT EXISTS (SELECT 1 FROM refund_payouts r
                                  WHERE r.order_id = ${c}.order_id AND r.refund_id IS NULL AND r.paid_at >= ${c}.created_at)
            THEN ${c}.refund_due_rp ELSE 0 END)`;
}

/** Everything the desk paid back in cash on the order, its gateway refunds included. */
export function refundsPaidOutSql(o: string): string {
  return `(SELECT coalesce(sum(r.amount_rp), 0) FROM refund_payouts r WHERE r.order_id = ${o}.id)`;
}

/** Gateway refunds of the order not yet settled (src/payments), as SQL over `o`. */
export function gatewayRefundsOwedSql(o: string): string {
  return `(SELECT coalesce(sum(g.amount_rp), 0) FROM refunds g WHERE g.order_id = ${o}.id AND g.settled_at IS NULL)`;
}
