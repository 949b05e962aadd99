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

/** A report flattened into one table: a `scope` column says which grouping each row belongs to. */
export function reportCsv(report: ReportLike): string {
  const rows: (string | number | null)[][] = [];
  const push = (scope: string, id: string, name: string, figures: Metrics) =>
    rows.push([scope, id, name, ...FIGURES.map(([field]) => figures[field])]);
  push('total', '', 'All', report.totals);
  for (const row of report.byWave ?? []) push('wave', row.waveId, row.name, row);
  for (const row of report.byCooperative) push('cooperative', row.cooperativeId, row.name, row);
  for (const row of report.byAgency) push('agency', row.agency, row.agency, row);
  for (const row of report.byDroppingPoint) push('dropping_point', row.droppingPointId, row.name, row);
  return writeCsv(['scope', 'id', 'name', ...FIGURES.map(([, column]) => column)], rows);
}
