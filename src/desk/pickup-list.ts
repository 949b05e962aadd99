import { safeCell, writeCsv } from '../common/csv';
import { formatRp } from '../common/money';
import { handoverStatusOf, packsText, paymentStatusOf, type DeskOrderRow, type PickupListHeader } from './desk-orders.service';
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

export function pickupListCsv(rows: DeskOrderRow[]): string {
  return writeCsv(
    PICKUP_LIST_COLUMNS,
    rows.map((row) => [
      row.pickup_code,
      row.buyer_name,
      row.nip,
      row.agency,
      row.phone,
      packsText(row.items ?? []),
      row.total_kg,
      Number(row.total_rp),
      paymentStatusOf(row) === 'paid' ? 'yes' : 'no',
      row.fulfilment,
      row.delivery_address,
      row.status,
    ]),
    { windowsLineEnds: true },
  );
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | number | null): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Handed over, or handed over in part with what is still owed (signed for again when the rest comes). */
function handedOverCell(row: DeskOrderRow): string {
  const status = handoverStatusOf(row);
  if (status === 'handed_over') return 'Sudah';
  if (status !== 'partial') return '';
  const owed = goodsProgress(row.status, row.items ?? [], row.handed_in_part ?? []).owedPacks;
  return `Sebagian<br><small>terutang ${escapeHtml(packsText(owed.map((line) => ({ ...line, productName: line.productName ?? '' }))))}</small>`;
}

/** A printable page (A4, one row per order, a column to sign on collection). */
export function pickupListHtml(header: PickupListHeader, rows: DeskOrderRow[]): string {
  const paid = rows.filter((row) => paymentStatusOf(row) === 'paid');
  const body = rows
    .map(
      (row, index) => `<tr>
  <td class="n">${index + 1}</td>
  <td class="code">${escapeHtml(row.pickup_code)}</td>
  <td>${escapeHtml(row.buyer_name)}<br><small>NIP ${escapeHtml(row.nip)} &middot; ${escapeHtml(row.phone)}</small></td>
  <td>${escapeHtml(row.agency)}</td>
  <td>${escapeHtml(packsText(row.items ?? []))}</td>
  <td class="n">${escapeHtml(row.total_kg)}</td>
  <td class="n">${escapeHtml(formatRp(Number(row.total_rp)))}</td>
  <td>${paymentStatusOf(row) === 'paid' ? 'Lunas' : '<strong>Belum</strong>'}</td>
  <td>${row.fulfilment === 'delivery' ? `Antar<br><small>${escapeHtml(row.delivery_address)}</small>` : 'Ambil'}</td>
  <td>${handedOverCell(row)}</td>
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
${rows.length} pesanan, ${paid.length} lunas, ${rows.reduce((sum, row) => sum + row.total_kg, 0)} kg</p>
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
