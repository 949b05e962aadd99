import PDFDocument from 'pdfkit';
import { formatCount, formatRp } from '../common/money';
import { formatKg, formatTonnes } from '../common/weight';
import { FORMATTERS } from '../web/format';
import { DEFAULT_LOCALE, Locale, MESSAGES, Params, translate } from '../web/i18n';
import type { PurchaseOrderDocument } from './purchase-order-document';

type Doc = InstanceType<typeof PDFDocument>;

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/**
 * The words and number styles of the reader's language, as the wave report PDF takes them
 * (src/reports/report-pdf.ts): the web pages' catalogue and formatters.
 */
export interface PdfText {
  t(key: string, params?: Params): string;
  rp(amount: number): string;
  weight(kg: number): string;
  day(date: string): string;
  /** A WIB instant as the service writes it (2020-04-08T17:00:00+07:00). */
  dateTime(wib: string): string;
}

/** The catalogue and formatters of a locale, for a PDF made outside a page request (an email's attachment). */
export function pdfTextFor(locale: Locale): PdfText {
  const f = FORMATTERS[locale];
  return {
    t: (key, params) => translate(MESSAGES, locale, key, params),
    rp: f.rp,
    weight: f.weight,
    day: f.day,
    dateTime: (wib) => f.dateTime(new Date(wib)),
  };
}

const LEFT = 50;
const WIDTH = 495; // A4 width 595 minus two 50 pt margins
const ROW_GAP = 4;

/**
 * The purchase order as a printable letter (surat pesanan): the programme writing to the
 * cooperative, with the totals in kg and tonnes, a table per product, the loading list per
 * dropping point, the amendments since issue, and signature lines for both sides.
 * Streams are left uncompressed: the files stay small and their text stays searchable.
 */
export function purchaseOrderPdf(po: PurchaseOrderDocument, text: PdfText = pdfTextFor(DEFAULT_LOCALE)): Promise<Buffer> {
  const { t } = text;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: false,
    info: { Title: t('koperasi.po.title', { number: po.number }), Author: 'Gelombang', Subject: `${po.cooperative.name}, ${po.wave.name}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  letterhead(doc, po, text);
  summary(doc, po, text);
  productTable(doc, po, text);
  pointTable(doc, po, text, t('koperasi.pdf.loadingList'), po.ordered);
  amendments(doc, po, text);
  shortfallPerPoint(doc, po, text);
  shipments(doc, po, text);
  signatures(doc, po, text);
  doc.end();
  return done;
}

function letterhead(doc: Doc, po: PurchaseOrderDocument, { t, day, dateTime }: PdfText) {
  doc.font('Helvetica-Bold').fontSize(15).text(t('koperasi.pdf.title'), LEFT, 50, { width: WIDTH, align: 'center' });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(t('koperasi.pdf.number', { number: po.number }), { width: WIDTH, align: 'center' });
  doc.moveDown(0.3);
  rule(doc);
  doc.moveDown(0.8);
  const top = doc.y;
  doc.font('Helvetica').fontSize(10);
  doc.text(t('koperasi.pdf.to'), LEFT, top);
  doc.font('Helvetica-Bold').text(t('koperasi.pdf.board', { name: po.cooperative.name }));
  doc.font('Helvetica').text(po.cooperative.region || ' ');
  if (po.cooperative.phone) doc.text(t('koperasi.pdf.phone', { phone: po.cooperative.phone }));
  const left = doc.y;
  const right = { width: WIDTH - 230, align: 'right' as const };
  doc.text(t('koperasi.pdf.date', { date: po.issuedAt ? dateTime(po.issuedAt) : '-' }), LEFT + 230, top, right);
  doc.text(`${t('koperasi.po.wave')}: ${po.wave.name}`, right);
  doc.text(`${t('koperasi.po.handOut')}: ${day(po.wave.handOutDate)}`, right);
  doc.text(`${t('koperasi.po.status')}: ${t('koperasi.po.status.' + po.status)}`, right);
  doc.y = Math.max(left, doc.y);
  doc.moveDown(1);
  doc.text(
    t('koperasi.pdf.intro', {
      wave: po.wave.name,
      closed: po.wave.closesAt ? dateTime(po.wave.closesAt) : '-',
      cooperative: po.cooperative.name,
    }),
    LEFT,
    doc.y,
    { width: WIDTH, align: 'left' },
  );
  doc.moveDown(0.8);
}

function summary(doc: Doc, po: PurchaseOrderDocument, { t }: PdfText) {
  const o = po.ordered;
  doc
    .font('Helvetica-Bold')
    .text(
      t('koperasi.pdf.totalOrdered', { kg: formatKg(o.totalKg), tonnes: formatTonnes(o.totalTonnes), rp: formatRp(o.totalRp) }),
      LEFT,
      doc.y,
      {
        width: WIDTH,
      },
    );
  doc
    .font('Helvetica')
    .text(
      t('koperasi.pdf.counts', { orders: formatCount(o.ordersCount), buyers: formatCount(o.buyersCount), points: o.droppingPoints.length }),
      { width: WIDTH },
    );
  if (po.amendments.length > 0) {
    doc.font('Helvetica-Bold').text(
      t('koperasi.pdf.totalToDeliver', {
        kg: formatKg(po.toDeliver.totalKg),
        tonnes: formatTonnes(po.toDeliver.totalTonnes),
        rp: formatRp(po.toDeliver.totalRp),
      }),
      { width: WIDTH },
    );
  }
  doc.font('Helvetica').moveDown(0.8);
}

const packColumns = (t: PdfText['t']): Column[] => [
  { title: t('koperasi.po.product'), width: 215 },
  { title: t('koperasi.po.pack'), width: 50, align: 'right' },
  { title: t('koperasi.pdf.packs'), width: 55, align: 'right' },
  { title: 'kg', width: 75, align: 'right' },
  { title: t('koperasi.po.value'), width: 100, align: 'right' },
];

function header(doc: Doc, columns: Column[]) {
  row(
    doc,
    columns,
    columns.map((column) => column.title),
    true,
  );
}

function productTable(doc: Doc, po: PurchaseOrderDocument, { t }: PdfText) {
  heading(doc, t('koperasi.pdf.perProduct'));
  const columns = packColumns(t);
  header(doc, columns);
  for (const product of po.ordered.products) {
    subheading(
      doc,
      t('koperasi.pdf.productHead', { name: product.name, commodity: product.commodity, price: formatRp(product.pricePerKgRp) }),
    );
    for (const pack of product.packs)
      row(doc, columns, ['', `${pack.sizeKg} kg`, formatCount(pack.packs), formatKg(pack.kg), formatRp(pack.packs * pack.priceRp)]);
    row(
      doc,
      columns,
      [t('koperasi.pdf.subtotal', { tonnes: formatTonnes(product.tonnes) }), '', '', formatKg(product.kg), formatRp(product.valueRp)],
      true,
    );
  }
  row(
    doc,
    columns,
    [
      t('koperasi.pdf.total', { tonnes: formatTonnes(po.ordered.totalTonnes) }),
      '',
      '',
      formatKg(po.ordered.totalKg),
      formatRp(po.ordered.totalRp),
    ],
    true,
  );
  doc.moveDown(0.8);
}

function pointTable(
  doc: Doc,
  po: PurchaseOrderDocument,
  { t }: PdfText,
  title: string,
  quantities: PurchaseOrderDocument['ordered'] | PurchaseOrderDocument['toDeliver'],
) {
  heading(doc, title);
  const names = new Map(po.ordered.products.map((product) => [product.productId, product.name]));
  const columns = packColumns(t);
  header(doc, columns);
  for (const point of quantities.droppingPoints) {
    subheading(doc, point.name, point.address);
    point.packs.forEach((pack, index) => {
      const product = index === 0 || point.packs[index - 1].productId !== pack.productId ? (names.get(pack.productId) ?? '') : '';
      row(doc, columns, [product, `${pack.sizeKg} kg`, formatCount(pack.packs), formatKg(pack.kg), formatRp(pack.packs * pack.priceRp)]);
    });
    row(
      doc,
      columns,
      [t('koperasi.pdf.subtotal', { tonnes: formatTonnes(point.tonnes) }), '', '', formatKg(point.kg), formatRp(point.valueRp)],
      true,
    );
  }
  row(
    doc,
    columns,
    [
      t('koperasi.pdf.total', { tonnes: formatTonnes(quantities.totalTonnes) }),
      '',
      '',
      formatKg(quantities.totalKg),
      formatRp(quantities.totalRp),
    ],
    true,
  );
  doc.moveDown(0.8);
}

function amendments(doc: Doc, po: PurchaseOrderDocument, text: PdfText) {
  const { t } = text;
  if (po.amendments.length === 0) return;
  heading(doc, t('koperasi.pdf.amendments'));
  const columns: Column[] = [
    { title: t('koperasi.pdf.reason'), width: 260 },
    { title: t('koperasi.pdf.orders'), width: 55, align: 'right' },
    { title: t('koperasi.pdf.kgRemoved'), width: 80, align: 'right' },
    { title: t('koperasi.po.value'), width: 100, align: 'right' },
  ];
  header(doc, columns);
  for (const amendment of po.amendments) {
    row(doc, columns, [
      t('koperasi.amend.reason.' + amendment.reason),
      amendment.orders === null ? '-' : formatCount(amendment.orders),
      formatKg(amendment.kg),
      formatRp(amendment.valueRp),
    ]);
  }
  doc.moveDown(0.8);
  pointTable(doc, po, text, t('koperasi.pdf.toDeliverPerPoint'), po.toDeliver);
}

/** What each dropping point gets less of: the declared shortfall cut from its orders, and what its shipment left short. */
function shortfallPerPoint(doc: Doc, po: PurchaseOrderDocument, { t }: PdfText) {
  const points = po.shortfallPerPoint.filter((point) => point.kg > 0);
  if (points.length === 0) return;
  heading(doc, t('koperasi.shortfall.title'));
  const columns: Column[] = [
    { title: t('koperasi.po.product'), width: 165 },
    { title: t('koperasi.po.pack'), width: 45, align: 'right' },
    { title: t('koperasi.shortfall.cut'), width: 60, align: 'right' },
    { title: t('koperasi.shortfall.shortShipped'), width: 80, align: 'right' },
    { title: 'kg', width: 55, align: 'right' },
    { title: t('koperasi.po.value'), width: 90, align: 'right' },
  ];
  header(doc, columns);
  for (const point of points) {
    subheading(doc, point.name);
    for (const line of point.lines)
      row(doc, columns, [
        line.name,
        `${line.sizeKg} kg`,
        formatCount(line.cutPacks),
        formatCount(line.shortShippedPacks),
        formatKg(line.kg),
        formatRp(line.valueRp),
      ]);
    row(
      doc,
      columns,
      [t('koperasi.pdf.subtotal', { tonnes: formatTonnes(point.tonnes) }), '', '', '', formatKg(point.kg), formatRp(point.valueRp)],
      true,
    );
  }
  doc.moveDown(0.8);
}

function shipments(doc: Doc, po: PurchaseOrderDocument, { t, dateTime }: PdfText) {
  const shipped = po.shipments.filter((shipment) => shipment.shippedAt);
  if (shipped.length === 0) return;
  heading(doc, t('koperasi.ship.title'));
  const columns: Column[] = [
    { title: t('koperasi.pdf.point'), width: 165 },
    { title: t('koperasi.pdf.shippedAt'), width: 190 },
    { title: t('koperasi.pdf.loaded'), width: 70, align: 'right' },
    { title: t('koperasi.pdf.short'), width: 70, align: 'right' },
  ];
  header(doc, columns);
  for (const shipment of shipped) {
    row(doc, columns, [
      shipment.name,
      dateTime(shipment.shippedAt!),
      formatKg(shipment.shippedKg ?? 0),
      formatKg(shipment.shortfall?.kg ?? 0),
    ]);
    if (shipment.vehicle || shipment.driver) {
      doc
        .font('Helvetica-Oblique')
        .fontSize(8)
        .text(t('koperasi.ship.by', { vehicle: shipment.vehicle ?? '-', driver: shipment.driver ?? '-' }), LEFT, doc.y, { width: WIDTH });
      doc.font('Helvetica').fontSize(9);
      doc.y += ROW_GAP / 2;
    }
  }
  doc.moveDown(0.8);
}

function signatures(doc: Doc, po: PurchaseOrderDocument, { t, dateTime }: PdfText) {
  if (doc.y > 640) doc.addPage();
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(10);
  if (po.confirmedAt) {
    doc.text(
      t('koperasi.pdf.confirmed', { time: dateTime(po.confirmedAt), by: po.confirmedBy ? ` (${po.confirmedBy})` : '' }),
      LEFT,
      doc.y,
      {
        width: WIDTH,
      },
    );
    doc.moveDown(0.8);
  }
  const top = doc.y;
  const half = WIDTH / 2;
  for (const [index, title] of [t('koperasi.pdf.signAdmin'), t('koperasi.pdf.signCooperative', { name: po.cooperative.name })].entries()) {
    const x = LEFT + index * half;
    doc.text(title, x, top, { width: half - 20 });
    doc
      .moveTo(x, top + 70)
      .lineTo(x + half - 40, top + 70)
      .stroke();
    doc.text(t('koperasi.pdf.name'), x, top + 76, { width: half - 20 });
    doc.text(t('koperasi.pdf.signDate'), x, top + 92, { width: half - 20 });
  }
}

/** A row spanning the table: a product or a dropping point (with its address). */
function subheading(doc: Doc, title: string, note?: string) {
  if (doc.y > 740) doc.addPage();
  doc
    .font('Helvetica-Bold')
    .fontSize(9)
    .text(title, LEFT, doc.y + 2, { width: WIDTH });
  if (note) doc.font('Helvetica-Oblique').fontSize(8).text(note, LEFT, doc.y, { width: WIDTH });
  doc.font('Helvetica').fontSize(9);
  doc.y += ROW_GAP / 2;
}

export function heading(doc: Doc, title: string) {
  if (doc.y > 700) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(11).text(title, LEFT, doc.y, { width: WIDTH });
  doc.font('Helvetica').fontSize(9).moveDown(0.3);
}

export function row(doc: Doc, columns: Column[], cells: string[], bold = false) {
  if (doc.y > 760) doc.addPage();
  const top = doc.y;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  let x = LEFT;
  let bottom = top;
  columns.forEach((column, index) => {
    doc.text(cells[index] ?? '', x, top, { width: column.width - 6, align: column.align ?? 'left' });
    bottom = Math.max(bottom, doc.y);
    x += column.width;
  });
  doc.y = bottom + ROW_GAP / 2;
  if (bold) {
    doc
      .moveTo(LEFT, doc.y - 1)
      .lineTo(LEFT + WIDTH, doc.y - 1)
      .lineWidth(0.3)
      .stroke();
    doc.y += 1;
  }
  doc.x = LEFT;
}

function rule(doc: Doc) {
  doc
    .moveTo(LEFT, doc.y)
    .lineTo(LEFT + WIDTH, doc.y)
    .lineWidth(1)
    .stroke();
}
