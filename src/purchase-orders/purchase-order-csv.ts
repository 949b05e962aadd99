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
];

/**
 * The loading list as a spreadsheet: one row per dropping point, product and pack size, with what
 * was ordered (the snapshot) beside what is to be delivered now (after amendments), and a total row.
 */
export function purchaseOrderCsv(document: PurchaseOrderDocument): string {
  const names = new Map(document.ordered.products.map((product) => [product.productId, product.name]));
  const head = [document.number, document.wave.name, document.cooperative.name];
  const rows: (string | number)[][] = [];
  let orderedPacks = 0;
  let duePacks = 0;
  document.ordered.droppingPoints.forEach((point, p) => {
    const due = document.toDeliver.droppingPoints[p];
    point.packs.forEach((pack, k) => {
      orderedPacks += pack.packs;
      duePacks += due.packs[k].packs;
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
  ]);
  return writeCsv(COLUMNS, rows);
}
