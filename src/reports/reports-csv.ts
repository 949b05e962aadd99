import { writeCsv } from '../common/csv';
import type { Metrics } from './report-metrics';

const FIGURES: [keyof Metrics, string][] = [
  ['orders', 'orders'],
  ['buyers', 'buyers'],
  ['ordersDelivered', 'orders_delivered'],
  ['ordersCancelled', 'orders_cancelled'],
  ['ordersReduced', 'orders_reduced'],
  ['orderedKg', 'ordered_kg'],
  ['orderedTonnes', 'ordered_tonnes'],
  ['orderedRp', 'ordered_rp'],
  ['deliveredKg', 'delivered_kg'],
  ['deliveredTonnes', 'delivered_tonnes'],
  ['deliveredRp', 'delivered_rp'],
  ['cancelledKg', 'cancelled_kg'],
  ['cancelledTonnes', 'cancelled_tonnes'],
  ['cancelledRp', 'cancelled_rp'],
  ['outstandingKg', 'outstanding_kg'],
  ['outstandingRp', 'outstanding_rp'],
  ['fulfilmentRate', 'fulfilment_rate'],
  ['cancellationRate', 'cancellation_rate'],
  ['ordersPaid', 'orders_paid'],
  ['paidRp', 'paid_rp'],
  ['ordersUnpaid', 'orders_unpaid'],
  ['unpaidRp', 'unpaid_rp'],
  ['ordersHandedOver', 'orders_handed_over'],
  ['ordersDeliveredHome', 'orders_delivered_home'],
  ['ordersNoShow', 'orders_no_show'],
];

interface ReportLike {
  totals: Metrics;
  byWave?: (Metrics & { waveId: string; name: string })[];
  byCooperative: (Metrics & { cooperativeId: string; name: string })[];
  byAgency: (Metrics & { agency: string })[];
  byDroppingPoint: (Metrics & { droppingPointId: string; name: string })[];
}

/** A wave report's money (ReportsService.forWave), only the fields the CSV writes. */
interface MoneyLike {
  payments: { cashRp: number; transferRp: number; qrisRp: number; voucherRp: number };
  refundsOwed: { deskRp: number; qrisRp: number };
  refundsPaid: { deskRp: number; qrisRp: number };
  cashCustody: { officers: { userId: string; username: string; cashHeldRp: number }[] };
  courierFees: { byDroppingPoint: { droppingPointId: string; name: string; totalRp: number }[] };
  stock: {
    byPurchaseOrder: {
      number: string;
      byDroppingPoint: {
        droppingPointId: string;
        name: string;
        lostKg: number;
        lostRp: number;
        surplusKg: number;
        surplusSettledRp: number;
      }[];
    }[];
  };
}

type Row = (string | number | null)[];

/**
 * A report flattened into one table: a `scope` column says which grouping each row belongs to. A
 * wave's report adds its money as rows of their own scopes, with `amount_rp` and `kg` columns:
 * paid per method, refunds owed and paid (desk, QRIS), cash each officer holds, courier fees per
 * point, and stock lost in transport or left over per purchase order and point (where there was any).
 */
export function reportCsv(report: ReportLike, money?: MoneyLike): string {
  const rows: Row[] = [];
  const push = (scope: string, id: string, name: string, figures: Metrics) =>
    rows.push([scope, id, name, ...FIGURES.map(([field]) => figures[field])]);
  push('total', '', 'All', report.totals);
  for (const row of report.byWave ?? []) push('wave', row.waveId, row.name, row);
  for (const row of report.byCooperative) push('cooperative', row.cooperativeId, row.name, row);
  for (const row of report.byAgency) push('agency', row.agency, row.agency, row);
  for (const row of report.byDroppingPoint) push('dropping_point', row.droppingPointId, row.name, row);
  const columns = ['scope', 'id', 'name', ...FIGURES.map(([, column]) => column)];
  if (!money) return writeCsv(columns, rows);
  return writeCsv([...columns, 'amount_rp', 'kg'], [...rows.map((row) => [...row, null, null]), ...moneyRows(money)]);
}

function moneyRows(money: MoneyLike): Row[] {
  const blank = FIGURES.map(() => null);
  const row = (scope: string, id: string, name: string, amountRp: number, kg: number | null = null): Row => [
    scope,
    id,
    name,
    ...blank,
    amountRp,
    kg,
  ];
  const points = money.stock.byPurchaseOrder.flatMap((po) => po.byDroppingPoint.map((point) => ({ po: po.number, ...point })));
  return [
    row('paid_by_method', 'CASH', 'Cash', money.payments.cashRp),
    row('paid_by_method', 'TRANSFER', 'Transfer', money.payments.transferRp),
    row('paid_by_method', 'QRIS', 'QRIS', money.payments.qrisRp),
    row('paid_by_method', 'VOUCHER', 'Voucher', money.payments.voucherRp),
    row('refund_owed', 'desk', 'Paid, then cancelled or cut', money.refundsOwed.deskRp),
    row('refund_owed', 'qris', 'QRIS payments no order could take', money.refundsOwed.qrisRp),
    row('refund_paid', 'desk', 'Paid back at the desk', money.refundsPaid.deskRp),
    row('refund_paid', 'qris', 'QRIS refunds settled', money.refundsPaid.qrisRp),
    ...money.cashCustody.officers.map((officer) => row('cash_held', officer.userId, officer.username, officer.cashHeldRp)),
    ...money.courierFees.byDroppingPoint.map((point) => row('courier_fees', point.droppingPointId, point.name, point.totalRp)),
    ...points
      .filter((point) => point.lostKg > 0)
      .map((point) => row('stock_lost', point.droppingPointId, `${point.po} ${point.name}`, point.lostRp, point.lostKg)),
    ...points
      .filter((point) => point.surplusKg > 0)
      .map((point) => row('stock_surplus', point.droppingPointId, `${point.po} ${point.name}`, point.surplusSettledRp, point.surplusKg)),
  ];
}
