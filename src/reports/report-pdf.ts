import PDFDocument from 'pdfkit';
import { Column, heading, row } from '../purchase-orders/purchase-order-pdf';
import type { Metrics } from './report-metrics';
import type { ReportsService } from './reports.service';

export type WaveReport = Awaited<ReturnType<ReportsService['forWave']>>;

/** The words and number styles of the reader's language (the web pages' catalogue and formatters). */
export interface ReportPdfText {
  t(key: string, params?: Record<string, string | number>): string;
  rp(amount: number): string;
  weight(kg: number): string;
  day(date: string): string;
  /** A WIB instant as the service writes it (2020-04-08T17:00:00+07:00). */
  dateTime(wib: string): string;
}

const LEFT = 50;
const WIDTH = 495; // A4 width 595 minus two 50 pt margins

/**
 * The wave report as a printable document for the minister's office, made the way the purchase
 * order PDF is (pdfkit, A4, standard fonts, uncompressed so its text stays searchable): the
 * totals, paid against unpaid, how the goods left the points, refunds owed and paid, paid per
 * method, courier fees, lost and surplus stock, the tables per cooperative, agency and dropping
 * point, and the cash each officer holds.
 */
export function waveReportPdf(report: WaveReport, text: ReportPdfText): Promise<Buffer> {
  const { t } = text;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: false,
    info: { Title: t('admin.reports.waveTitle', { name: report.wave.name }), Author: 'Gelombang' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc
    .font('Helvetica-Bold')
    .fontSize(15)
    .text(t('admin.reports.waveTitle', { name: report.wave.name }), LEFT, 50, { width: WIDTH });
  doc.font('Helvetica').fontSize(9);
  doc.text(
    t('admin.reports.pdf.period', {
      opens: text.dateTime(report.wave.opensAt),
      closes: text.dateTime(report.wave.closesAt),
      day: text.day(report.wave.handOutDate),
    }),
    { width: WIDTH },
  );
  doc.text(
    `${t('admin.reports.pdf.status')}: ${t('admin.status.' + report.wave.status)} · ${t('admin.reports.pdf.generated', { at: text.dateTime(report.generatedAt) })}`,
    { width: WIDTH },
  );
  doc.moveDown(0.8);

  const totals = report.totals;
  const pairs: [string, string][] = [
    [t('admin.reports.orders'), String(totals.orders)],
    [t('admin.reports.buyers'), String(totals.buyers)],
    [t('admin.reports.orderedKg'), `${text.weight(totals.orderedKg)} · ${text.rp(totals.orderedRp)}`],
    [t('admin.reports.deliveredKg'), `${text.weight(totals.deliveredKg)} · ${text.rp(totals.deliveredRp)}`],
    [t('admin.reports.outstandingKg'), `${text.weight(totals.outstandingKg)} · ${text.rp(totals.outstandingRp)}`],
    [t('admin.reports.cancelledKg'), `${text.weight(totals.cancelledKg)} · ${text.rp(totals.cancelledRp)}`],
    [t('admin.reports.paid'), t('admin.reports.ordersRp', { n: totals.ordersPaid, rp: text.rp(totals.paidRp) })],
    [t('admin.reports.unpaid'), t('admin.reports.ordersRp', { n: totals.ordersUnpaid, rp: text.rp(totals.unpaidRp) })],
    [t('admin.reports.handedOver'), String(totals.ordersHandedOver)],
    [t('admin.reports.deliveredHome'), String(totals.ordersDeliveredHome)],
    [t('admin.reports.noShow'), String(totals.ordersNoShow)],
    [
      t('admin.reports.refundsOwed'),
      t('admin.reports.ordersRp', { n: report.refundsOwed.orders, rp: text.rp(report.refundsOwed.totalRp) }),
    ],
    [t('admin.reports.cashHeld'), text.rp(report.cashCustody.cashHeldRp)],
    [t('admin.reports.refundsPaid'), text.rp(report.refundsPaid.totalRp)],
    ...(
      [
        ['admin.reports.cash', report.payments.cashRp],
        ['admin.reports.transfer', report.payments.transferRp],
        ['admin.reports.qris', report.payments.qrisRp],
        ['admin.reports.voucher', report.payments.voucherRp],
      ] as const
    ).map(([key, rp]): [string, string] => [`${t('admin.reports.byMethod')}: ${t(key)}`, text.rp(rp)]),
    [
      t('admin.reports.courierFees'),
      `${t('admin.reports.trips', { n: report.courierFees.trips })} · ${text.rp(report.courierFees.totalRp)}`,
    ],
    [t('admin.reports.lostKg'), `${text.weight(report.stock.lostKg)} · ${text.rp(report.stock.lostRp)}`],
    [
      t('admin.reports.surplusKg'),
      `${text.weight(report.stock.surplusKg)} · ${t('admin.reports.surplusSettledRp')} ${text.rp(report.stock.surplusSettledRp)}`,
    ],
  ];
  heading(doc, t('admin.reports.totals'));
  const pairColumns: Column[] = [
    { title: '', width: 220 },
    { title: '', width: 275, align: 'right' },
  ];
  for (const pair of pairs) row(doc, pairColumns, pair);
  doc.moveDown(0.8);

  const figureColumns = (first: string): Column[] => [
    { title: first, width: 175 },
    { title: t('admin.reports.orders'), width: 50, align: 'right' },
    { title: t('admin.reports.orderedKg'), width: 70, align: 'right' },
    { title: t('admin.reports.orderedRp'), width: 90, align: 'right' },
    { title: t('admin.reports.paid'), width: 50, align: 'right' },
    { title: t('admin.reports.deliveredKg'), width: 60, align: 'right' },
  ];
  const figures = (name: string, m: Metrics) => [
    name,
    String(m.orders),
    text.weight(m.orderedKg),
    text.rp(m.orderedRp),
    String(m.ordersPaid),
    text.weight(m.deliveredKg),
  ];
  for (const [title, rows] of [
    [t('admin.reports.byCooperative'), report.byCooperative.map((r) => figures(r.name, r))],
    [t('admin.reports.byAgency'), report.byAgency.map((r) => figures(r.agency, r))],
    [t('admin.reports.byPoint'), report.byDroppingPoint.map((r) => figures(r.name, r))],
  ] as [string, string[][]][]) {
    heading(doc, title);
    const columns = figureColumns('');
    row(
      doc,
      columns,
      columns.map((column) => column.title),
      true,
    );
    for (const cells of rows) row(doc, columns, cells);
    if (rows.length === 0) row(doc, columns, [t('admin.none')]);
    doc.moveDown(0.8);
  }

  heading(doc, t('admin.reports.custody'));
  const custodyColumns: Column[] = [
    { title: t('admin.reports.officer'), width: 135 },
    { title: t('admin.reports.cash'), width: 75, align: 'right' },
    { title: t('admin.reports.transfer'), width: 75, align: 'right' },
    { title: t('admin.reports.qris'), width: 70, align: 'right' },
    { title: t('admin.reports.handedOverCash'), width: 70, align: 'right' },
    { title: t('admin.reports.cashHeld'), width: 70, align: 'right' },
  ];
  row(
    doc,
    custodyColumns,
    custodyColumns.map((column) => column.title),
    true,
  );
  for (const officer of report.cashCustody.officers) {
    row(doc, custodyColumns, [
      officer.username,
      text.rp(officer.cashRp),
      text.rp(officer.transferRp),
      text.rp(officer.qrisRp),
      text.rp(officer.handedOverPendingRp + officer.handedOverConfirmedRp),
      text.rp(officer.cashHeldRp),
    ]);
  }
  if (report.cashCustody.officers.length === 0) row(doc, custodyColumns, [t('admin.none')]);
  doc.moveDown(0.8);

  if (report.purchaseOrders.length > 0) {
    heading(doc, t('admin.reports.purchaseOrders'));
    const poColumns: Column[] = [
      { title: '', width: 160 },
      { title: '', width: 195 },
      { title: '', width: 140, align: 'right' },
    ];
    for (const po of report.purchaseOrders) row(doc, poColumns, [po.number, po.cooperativeName, text.weight(po.orderedKg)]);
  }
  doc.end();
  return done;
}
