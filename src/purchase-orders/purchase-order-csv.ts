import { writeCsv } from '../common/csv';
import type { PurchaseOrderDocument } from './purchase-order-document';

const COLUMNS = [
  'purchase_order',
  'wave',
  'cooperative',
  'dropping_point',
  'product',
  'pack_size_kg',
  'price_per_pack_rp',
  'packs_ordered',
  'kg_ordered',
  'value_rp_ordered',
  'packs_to_deliver',
  'kg_to_deliver',
  'value_rp_to_deliver',
  'packs_shortfall_cut',
  'packs_shipped',
  'packs_shipped_short',
  'kg_short',
];

/**
 * The loading list as a spreadsheet: one row per dropping point, product and pack size, with what
 * was ordered (the snapshot) beside what is to be delivered now (after amendments), what the point
 * gets less of (the shortfall cut from its orders, packs its shipment left short), and a total row.
 */
export function purchaseOrderCsv(document: PurchaseOrderDocument): string {
  const names = new Map(document.ordered.products.map((product) => [product.productId, product.name]));
  const head = [document.number, document.wave.name, document.cooperative.name];
  const rows: (string | number)[][] = [];
  let orderedPacks = 0;
  let duePacks = 0;
  const totals = { cut: 0, shipped: 0, shortShipped: 0, kgShort: 0 };
  let anyShipped = false;
  document.ordered.droppingPoints.forEach((point, p) => {
    const due = document.toDeliver.droppingPoints[p];
    const short = document.shortfallPerPoint.find((entry) => entry.droppingPointId === point.droppingPointId);
    const shipment = document.shipments.find((entry) => entry.droppingPointId === point.droppingPointId);
    point.packs.forEach((pack, k) => {
      orderedPacks += pack.packs;
      duePacks += due.packs[k].packs;
      const line = short?.lines.find((entry) => entry.productId === pack.productId && entry.sizeKg === pack.sizeKg);
      const loaded = shipment?.manifest
        ? (shipment.manifest.find((entry) => entry.productId === pack.productId && entry.sizeKg === pack.sizeKg)?.packs ?? 0)
        : null;
      if (loaded !== null) anyShipped = true;
      totals.cut += line?.cutPacks ?? 0;
      totals.shipped += loaded ?? 0;
      totals.shortShipped += line?.shortShippedPacks ?? 0;
      totals.kgShort += line?.kg ?? 0;
      rows.push([
        ...head,
        point.name,
        names.get(pack.productId) ?? '',
        pack.sizeKg,
        pack.priceRp,
        pack.packs,
        pack.kg,
        pack.packs * pack.priceRp,
        due.packs[k].packs,
        due.packs[k].kg,
        due.packs[k].packs * pack.priceRp,
        line?.cutPacks ?? 0,
        loaded ?? '',
        line?.shortShippedPacks ?? 0,
        line?.kg ?? 0,
      ]);
    });
  });
  rows.push([
    ...head,
    'TOTAL',
    '',
    '',
    '',
    orderedPacks,
    document.ordered.totalKg,
    document.ordered.totalRp,
    duePacks,
    document.toDeliver.totalKg,
    document.toDeliver.totalRp,
    totals.cut,
    anyShipped ? totals.shipped : '',
    totals.shortShipped,
    totals.kgShort,
  ]);
  return writeCsv(COLUMNS, rows);
}
