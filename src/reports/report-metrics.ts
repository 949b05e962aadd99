/** One row of figures as the aggregation returns them (bigint sums arrive as strings). */
export interface MetricsRow {
  orders: number;
  buyers: number;
  orders_delivered: number;
  orders_cancelled: number;
  orders_reduced: number;
  orders_paid: number;
  orders_unpaid: number;
  orders_handed_over: number;
  orders_delivered_home: number;
  orders_no_show: number;
  paid_rp: string | number;
  unpaid_rp: string | number;
  ordered_kg: string | number;
  ordered_rp: string | number;
  delivered_kg: string | number;
  delivered_rp: string | number;
  cancelled_kg: string | number;
  cancelled_rp: string | number;
  outstanding_kg: string | number;
  outstanding_rp: string | number;
}

/**
 * The figures every report row carries. Ordered = as the buyers ordered (before any shortfall cut
 * or cancellation) = delivered (picked up or delivered home) + cancelled (cancelled orders and
 * shortfall cuts) + outstanding (still to be handed over). Rates are shares of the ordered kg.
 */
export function metrics(row: MetricsRow) {
  const orderedKg = Number(row.ordered_kg);
  const deliveredKg = Number(row.delivered_kg);
  const cancelledKg = Number(row.cancelled_kg);
  const rate = (kg: number) => (orderedKg > 0 ? Math.round((kg / orderedKg) * 10_000) / 10_000 : null);
  return {
    orders: row.orders,
    buyers: row.buyers,
    ordersDelivered: row.orders_delivered,
    ordersCancelled: row.orders_cancelled,
    ordersReduced: row.orders_reduced,
    orderedKg,
    orderedTonnes: orderedKg / 1000,
    orderedRp: Number(row.ordered_rp),
    deliveredKg,
    deliveredTonnes: deliveredKg / 1000,
    deliveredRp: Number(row.delivered_rp),
    cancelledKg,
    cancelledTonnes: cancelledKg / 1000,
    cancelledRp: Number(row.cancelled_rp),
    outstandingKg: Number(row.outstanding_kg),
    outstandingRp: Number(row.outstanding_rp),
    fulfilmentRate: rate(deliveredKg),
    cancellationRate: rate(cancelledKg),
    // Paid (paid, ready, handed over, out for delivery, delivered) against unpaid (placed) orders, at their present value.
    ordersPaid: row.orders_paid,
    paidRp: Number(row.paid_rp),
    ordersUnpaid: row.orders_unpaid,
    unpaidRp: Number(row.unpaid_rp),
    // How the goods left the point: handed over at the desk, delivered home, or not collected (a no-show the officer cancelled).
    ordersHandedOver: row.orders_handed_over,
    ordersDeliveredHome: row.orders_delivered_home,
    ordersNoShow: row.orders_no_show,
  };
}

export type Metrics = ReturnType<typeof metrics>;

export const EMPTY_METRICS: MetricsRow = {
  orders: 0,
  buyers: 0,
  orders_delivered: 0,
  orders_cancelled: 0,
  orders_reduced: 0,
  orders_paid: 0,
  orders_unpaid: 0,
  orders_handed_over: 0,
  orders_delivered_home: 0,
  orders_no_show: 0,
  paid_rp: 0,
  unpaid_rp: 0,
  ordered_kg: 0,
  ordered_rp: 0,
  delivered_kg: 0,
  delivered_rp: 0,
  cancelled_kg: 0,
  cancelled_rp: 0,
  outstanding_kg: 0,
  outstanding_rp: 0,
};
