import PDFDocument from 'pdfkit';
import type { PurchaseOrderDocument } from './purchase-order-document';
import { formatCount, formatDate, formatKg, formatRp, formatTonnes, formatWib, REASON_LABELS } from './purchase-order-format';

type Doc = InstanceType<typeof PDFDocument>;

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
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
export function purchaseOrderPdf(po: PurchaseOrderDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: false,
    info: { Title: `Purchase order ${po.number}`, Author: 'Gelombang', Subject: `${po.cooperative.name}, ${po.wave.name}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  letterhead(doc, po);
  summary(doc, po);
  productTable(doc, po);
  pointTable(doc, po, 'Loading list per dropping point (as ordered)', po.ordered);
  amendments(doc, po);
  signatures(doc, po);
  doc.end();
  return done;
}

function letterhead(doc: Doc, po: PurchaseOrderDocument) {
  doc.font('Helvetica-Bold').fontSize(15).text('SURAT PESANAN / PURCHASE ORDER', LEFT, 50, { width: WIDTH, align: 'center' });
  doc.font('Helvetica').fontSize(10).text(`No. ${po.number}`, { width: WIDTH, align: 'center' });
  doc.moveDown(0.3);
  rule(doc);
  doc.moveDown(0.8);
  const top = doc.y;
  doc.font('Helvetica').fontSize(10);
  doc.text('Kepada Yth. / To:', LEFT, top);
  doc.font('Helvetica-Bold').text(`Pengurus ${po.cooperative.name}`);
  doc.font('Helvetica').text(po.cooperative.region || ' ');
  if (po.cooperative.phone) doc.text(`Tel. ${po.cooperative.phone}`);
  const left = doc.y;
  doc.text(`Date: ${formatWib(po.issuedAt)}`, LEFT + 280, top, { width: WIDTH - 280, align: 'right' });
  doc.text(`Wave: ${po.wave.name}`, { width: WIDTH - 280, align: 'right' });
  doc.text(`Hand-out day: ${formatDate(po.wave.handOutDate)}`, { width: WIDTH - 280, align: 'right' });
  doc.text(`Status: ${po.status}`, { width: WIDTH - 280, align: 'right' });
  doc.y = Math.max(left, doc.y);
  doc.moveDown(1);
  doc.text(
    `The ${po.wave.name} pre-order wave closed on ${formatWib(po.wave.closesAt)}. On behalf of the civil servants who ordered in it, ` +
      `we order from ${po.cooperative.name} the goods below, packed as listed and delivered to each dropping point before the hand-out day.`,
    LEFT,
    doc.y,
    { width: WIDTH, align: 'left' },
  );
  doc.moveDown(0.8);
}

function summary(doc: Doc, po: PurchaseOrderDocument) {
  const o = po.ordered;
  doc
    .font('Helvetica-Bold')
    .text(`Total ordered: ${formatKg(o.totalKg)} (${formatTonnes(o.totalTonnes)}), value ${formatRp(o.totalRp)}`, LEFT, doc.y, {
      width: WIDTH,
    });
  doc
    .font('Helvetica')
    .text(`${formatCount(o.ordersCount)} orders from ${formatCount(o.buyersCount)} buyers, ${o.droppingPoints.length} dropping point(s).`, {
      width: WIDTH,
    });
  if (po.amendments.length > 0) {
    doc
      .font('Helvetica-Bold')
      .text(
        `To deliver after amendments: ${formatKg(po.toDeliver.totalKg)} (${formatTonnes(po.toDeliver.totalTonnes)}), value ${formatRp(po.toDeliver.totalRp)}`,
        { width: WIDTH },
      );
  }
  doc.font('Helvetica').moveDown(0.8);
}

function productTable(doc: Doc, po: PurchaseOrderDocument) {
  heading(doc, 'Per product');
  const columns: Column[] = [
    { title: 'Product', width: 215 },
    { title: 'Pack', width: 50, align: 'right' },
    { title: 'Packs', width: 55, align: 'right' },
    { title: 'kg', width: 75, align: 'right' },
    { title: 'Value', width: 100, align: 'right' },
  ];
  row(
    doc,
    columns,
    columns.map((column) => column.title),
    true,
  );
  for (const product of po.ordered.products) {
    subheading(doc, `${product.name} (${product.commodity}), ${formatRp(product.pricePerKgRp)} per kg`);
    for (const pack of product.packs)
      row(doc, columns, ['', `${pack.sizeKg} kg`, formatCount(pack.packs), formatKg(pack.kg), formatRp(pack.packs * pack.priceRp)]);
    row(doc, columns, [`Subtotal: ${formatTonnes(product.tonnes)}`, '', '', formatKg(product.kg), formatRp(product.valueRp)], true);
  }
  row(
    doc,
    columns,
    [`TOTAL: ${formatTonnes(po.ordered.totalTonnes)}`, '', '', formatKg(po.ordered.totalKg), formatRp(po.ordered.totalRp)],
    true,
  );
  doc.moveDown(0.8);
}

function pointTable(
  doc: Doc,
  po: PurchaseOrderDocument,
  title: string,
  quantities: PurchaseOrderDocument['ordered'] | PurchaseOrderDocument['toDeliver'],
) {
  heading(doc, title);
  const names = new Map(po.ordered.products.map((product) => [product.productId, product.name]));
  const columns: Column[] = [
    { title: 'Product', width: 215 },
    { title: 'Pack', width: 50, align: 'right' },
    { title: 'Packs', width: 55, align: 'right' },
    { title: 'kg', width: 75, align: 'right' },
    { title: 'Value', width: 100, align: 'right' },
  ];
  row(
    doc,
    columns,
    columns.map((column) => column.title),
    true,
  );
  for (const point of quantities.droppingPoints) {
    subheading(doc, point.name, point.address);
    point.packs.forEach((pack, index) => {
      const product = index === 0 || point.packs[index - 1].productId !== pack.productId ? (names.get(pack.productId) ?? '') : '';
      row(doc, columns, [product, `${pack.sizeKg} kg`, formatCount(pack.packs), formatKg(pack.kg), formatRp(pack.packs * pack.priceRp)]);
    });
    row(doc, columns, [`Subtotal: ${formatTonnes(point.tonnes)}`, '', '', formatKg(point.kg), formatRp(point.valueRp)], true);
  }
  row(
    doc,
    columns,
    [`TOTAL: ${formatTonnes(quantities.totalTonnes)}`, '', '', formatKg(quantities.totalKg), formatRp(quantities.totalRp)],
    true,
  );
  doc.moveDown(0.8);
}

function amendments(doc: Doc, po: PurchaseOrderDocument) {
  if (po.amendments.length === 0) return;
  heading(doc, 'Amendments since this order was issued');
  const columns: Column[] = [
    { title: 'Reason', width: 260 },
    { title: 'Orders', width: 55, align: 'right' },
    { title: 'kg removed', width: 80, align: 'right' },
    { title: 'Value', width: 100, align: 'right' },
  ];
  row(
    doc,
    columns,
    columns.map((column) => column.title),
    true,
  );
  for (const amendment of po.amendments) {
    row(doc, columns, [
      REASON_LABELS[amendment.reason] ?? amendment.reason,
      amendment.orders === null ? '-' : formatCount(amendment.orders),
      formatKg(amendment.kg),
      formatRp(amendment.valueRp),
    ]);
  }
  doc.moveDown(0.8);
  pointTable(doc, po, 'To deliver per dropping point (after amendments)', po.toDeliver);
}

function signatures(doc: Doc, po: PurchaseOrderDocument) {
  if (doc.y > 640) doc.addPage();
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(10);
  if (po.confirmedAt) {
    doc.text(`Confirmed by the cooperative on ${formatWib(po.confirmedAt)}${po.confirmedBy ? ` (${po.confirmedBy})` : ''}.`, LEFT, doc.y, {
      width: WIDTH,
    });
    doc.moveDown(0.8);
  }
  const top = doc.y;
  const half = WIDTH / 2;
  for (const [index, [who, title]] of [
    ['Programme administrator', 'Pengelola program'],
    [`${po.cooperative.name}`, 'Pengurus koperasi'],
  ].entries()) {
    const x = LEFT + index * half;
    doc.text(`${title} / ${who}`, x, top, { width: half - 20 });
    doc
      .moveTo(x, top + 70)
      .lineTo(x + half - 40, top + 70)
      .stroke();
    doc.text('Name:', x, top + 76, { width: half - 20 });
    doc.text('Date:', x, top + 92, { width: half - 20 });
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
