import { safeCell, writeCsv } from '../common/csv';
import { formatRp } from '../common/money';
import type { DeskOrderRecord, PickupListHeader } from './desk-orders.repository';
import { handoverStatusOf, packsText, paymentStatusOf } from './desk-orders.service';
import { goodsProgress } from './goods-progress';

export const PICKUP_LIST_COLUMNS = [
  'pickup_code',
  'buyer',
  'nip',
  'agency',
  'phone',
  'packs',
  'total_kg',
  'total_rp',
  'paid',
  'fulfilment',
  'delivery_address',
  'status',
];

export { safeCell };

export function pickupListCsv(orders: DeskOrderRecord[]): string {
  return writeCsv(
    PICKUP_LIST_COLUMNS,
    orders.map((order) => [
      order.pickupCode,
      order.buyer.name,
      order.buyer.nip,
      order.buyer.agency,
      order.buyer.phone,
      packsText(order.items),
      order.totalKg,
      order.totalRp,
      paymentStatusOf(order) === 'paid' ? 'yes' : 'no',
      order.fulfilment,
      order.deliveryAddress,
      order.status,
    ]),
    { windowsLineEnds: true },
  );
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | number | null): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Handed over, or handed over in part with what is still owed (signed for again when the rest comes). */
function handedOverCell(order: DeskOrderRecord): string {
  const status = handoverStatusOf(order);
  if (status === 'handed_over') return 'Sudah';
  if (status !== 'partial') return '';
  const owed = goodsProgress(order.status, order.items, order.handedInPart).owedPacks;
  return `Sebagian<br><small>terutang ${escapeHtml(packsText(owed.map((line) => ({ ...line, productName: line.productName ?? '' }))))}</small>`;
}

/** A printable page (A4, one row per order, a column to sign on collection). */
export function pickupListHtml(header: PickupListHeader, orders: DeskOrderRecord[]): string {
  const paid = orders.filter((order) => paymentStatusOf(order) === 'paid');
  const body = orders
    .map(
      (order, index) => `<tr>
  <td class="n">${index + 1}</td>
  <td class="code">${escapeHtml(order.pickupCode)}</td>
  <td>${escapeHtml(order.buyer.name)}<br><small>NIP ${escapeHtml(order.buyer.nip)} &middot; ${escapeHtml(order.buyer.phone)}</small></td>
  <td>${escapeHtml(order.buyer.agency)}</td>
  <td>${escapeHtml(packsText(order.items))}</td>
  <td class="n">${escapeHtml(order.totalKg)}</td>
  <td class="n">${escapeHtml(formatRp(order.totalRp))}</td>
  <td>${paymentStatusOf(order) === 'paid' ? 'Lunas' : '<strong>Belum</strong>'}</td>
  <td>${order.fulfilment === 'delivery' ? `Antar<br><small>${escapeHtml(order.deliveryAddress)}</small>` : 'Ambil'}</td>
  <td>${handedOverCell(order)}</td>
  <td class="sign"></td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Daftar pengambilan - ${escapeHtml(header.waveName)} - ${escapeHtml(header.pointName)}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: system-ui, sans-serif; font-size: 11pt; color: #000; }
  h1 { font-size: 15pt; margin: 0 0 2mm; }
  p.meta { margin: 0 0 4mm; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #444; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  td.n { text-align: right; white-space: nowrap; }
  td.code { font-family: ui-monospace, monospace; font-size: 12pt; white-space: nowrap; }
  td.sign { width: 30mm; }
  small { color: #333; }
</style>
</head>
<body>
<h1>Daftar pengambilan: ${escapeHtml(header.waveName)}</h1>
<p class="meta">${escapeHtml(header.pointName)} &middot; ${escapeHtml(header.pointAddress)} &middot; hari pembagian ${escapeHtml(header.handOutDate)}<br>
${orders.length} pesanan, ${paid.length} lunas, ${orders.reduce((sum, order) => sum + order.totalKg, 0)} kg</p>
<table>
<thead><tr><th>#</th><th>Kode</th><th>Pembeli</th><th>Instansi</th><th>Paket</th><th>kg</th><th>Jumlah</th><th>Bayar</th><th>Ambil/Antar</th><th>Diserahkan</th><th>Tanda tangan</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</body>
</html>
`;
}
