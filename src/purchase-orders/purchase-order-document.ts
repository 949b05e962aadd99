import type { EntityManager } from 'typeorm';
import { toWib } from '../common/time';
import { effectiveStatus } from '../waves/wave-status';
import type { PurchaseOrderShownStatus } from './purchase-order-status.enum';
import { PurchaseOrderStatus } from './purchase-order-status.enum';
import { CatalogPack, PackQuantity, purchaseOrderFacts, PurchaseOrderFacts } from './purchase-order.repository';
import { shipmentShortfall } from './shipment-manifest';

/** Packs keyed by `${wavePackId}|${droppingPointId}`. */
export type Quantities = Map<string, number>;

export const key = (wavePackId: string, droppingPointId: string) => `${wavePackId}|${droppingPointId}`;

export interface PointInfo {
  id: string;
  name: string;
  address: string;
}

export const tonnes = (kg: number) => Math.round(kg) / 1000;

/** One breakdown of a set of quantities: totals, per product (packs per size) and per dropping point. */
export function breakdown(quantities: Quantities, catalog: CatalogPack[], points: PointInfo[]) {
  const packsOf = (pack: CatalogPack, pointId?: string) =>
    pointId
      ? (quantities.get(key(pack.wavePackId, pointId)) ?? 0)
      : points.reduce((sum, point) => sum + (quantities.get(key(pack.wavePackId, point.id)) ?? 0), 0);
  const totalOf = (packs: CatalogPack[], pointId?: string) => ({
    kg: packs.reduce((sum, pack) => sum + pack.sizeKg * packsOf(pack, pointId), 0),
    valueRp: packs.reduce((sum, pack) => sum + pack.priceRp * packsOf(pack, pointId), 0),
  });
  const products = productsOf(catalog);
  const all = totalOf(catalog);
  return {
    totalKg: all.kg,
    totalTonnes: tonnes(all.kg),
    totalRp: all.valueRp,
    products: products.map(({ head, packs }) => {
      const total = totalOf(packs);
      return {
        productId: head.productId,
        waveProductId: head.waveProductId,
        commodity: head.commodity,
        name: head.name,
        pricePerKgRp: head.pricePerKgRp,
        kg: total.kg,
        tonnes: tonnes(total.kg),
        valueRp: total.valueRp,
        packs: packs.map((pack) => ({ sizeKg: pack.sizeKg, priceRp: pack.priceRp, packs: packsOf(pack), kg: pack.sizeKg * packsOf(pack) })),
      };
    }),
    droppingPoints: points.map((point) => {
      const total = totalOf(catalog, point.id);
      return {
        droppingPointId: point.id,
        name: point.name,
        address: point.address,
        kg: total.kg,
        tonnes: tonnes(total.kg),
        valueRp: total.valueRp,
        packs: catalog.map((pack) => ({
          productId: pack.productId,
          sizeKg: pack.sizeKg,
          priceRp: pack.priceRp,
          packs: packsOf(pack, point.id),
          kg: pack.sizeKg * packsOf(pack, point.id),
        })),
      };
    }),
  };
}

export type Breakdown = ReturnType<typeof breakdown>;

/** The catalog grouped by product, packs smallest first (the catalog is sorted that way). */
export function productsOf(catalog: CatalogPack[]): { head: CatalogPack; packs: CatalogPack[] }[] {
  const groups = new Map<string, CatalogPack[]>();
  for (const pack of catalog) groups.set(pack.waveProductId, [...(groups.get(pack.waveProductId) ?? []), pack]);
  return [...groups.values()].map((packs) => ({ head: packs[0], packs }));
}

function lineList(quantities: Quantities, catalog: CatalogPack[], points: PointInfo[]) {
  const lines = [];
  for (const point of points) {
    for (const pack of catalog) {
      const packs = quantities.get(key(pack.wavePackId, point.id)) ?? 0;
      if (packs !== 0)
        lines.push({
          droppingPointId: point.id,
          productId: pack.productId,
          sizeKg: pack.sizeKg,
          packs,
          kg: packs * pack.sizeKg,
          valueRp: packs * pack.priceRp,
        });
    }
  }
  return lines;
}

function subtract(from: Quantities, ...others: Quantities[]): Quantities {
  const result = new Map(from);
  for (const other of others) for (const [k, packs] of other) result.set(k, (result.get(k) ?? 0) - packs);
  return result;
}

function toQuantities(rows: PackQuantity[]): Quantities {
  const quantities: Quantities = new Map();
  for (const row of rows)
    quantities.set(key(row.wavePackId, row.droppingPointId), (quantities.get(key(row.wavePackId, row.droppingPointId)) ?? 0) + row.packs);
  return quantities;
}

/**
 * Reads a purchase order and everything shown with it: the stored snapshot ("ordered"), the
 * amendments since (shortfall cuts, cancellations by reason), and what is left to deliver now
 * (from the live tallies). The three always add up: ordered - amendments = toDeliver; a difference
 * nobody recorded a reason for (a cancellation that was in flight at the very moment of closing)
 * is shown as an amendment of reason "other" rather than hidden.
 */
export async function loadPurchaseOrderDocument(manager: EntityManager, purchaseOrderId: string) {
  return (await loadPurchaseOrderParts(manager, purchaseOrderId))?.document ?? null;
}

/** The document, and the quantities per pack and point it was made of (for the invoice). */
export async function loadPurchaseOrderParts(manager: EntityManager, purchaseOrderId: string) {
  const facts = await purchaseOrderFacts(manager, purchaseOrderId);
  return facts && partsOf(facts);
}

function partsOf({
  header: head,
  catalog,
  shipments,
  ordered,
  current: currentLines,
  cuts,
  cancelled: cancellations,
  shortfalls,
}: PurchaseOrderFacts) {
  const points: PointInfo[] = shipments.map((row) => ({ id: row.droppingPointId, name: row.name, address: row.address }));
  const snapshot = toQuantities(ordered);
  const current = toQuantities(currentLines);
  const amendments = [];
  const cut = toQuantities(cuts.lines);
  if (cuts.lines.length > 0) {
    amendments.push(
      amendmentOf('shortfall', cuts.orders, cut, catalog, points, {
        ordersCancelled: cuts.ordersCancelled,
        refundDueRp: cuts.refundDueRp,
        voucherBackRp: cuts.voucherBackRp,
      }),
    );
  }
  const cancelled: Quantities[] = [];
  for (const { reason, orders, lines } of cancellations) {
    const quantities = toQuantities(lines);
    cancelled.push(quantities);
    amendments.push(amendmentOf(reason, orders, quantities, catalog, points, { ordersCancelled: orders }));
  }
  const unexplained = subtract(snapshot, current, cut, ...cancelled);
  if ([...unexplained.values()].some((packs) => packs !== 0)) amendments.push(amendmentOf('other', null, unexplained, catalog, points, {}));

  const toDeliver = breakdown(current, catalog, points);
  const pointsToDeliver = new Map(toDeliver.droppingPoints.map((point) => [point.droppingPointId, point]));
  const productNames = new Map(catalog.map((pack) => [pack.productId, pack.name]));
  const shipmentViews = shipments.map((row) => {
    const due = pointsToDeliver.get(row.droppingPointId)!;
    const manifest = row.manifest?.map((line) => ({
      productId: line.productId,
      name: productNames.get(line.productId) ?? '',
      sizeKg: line.sizeKg,
      duePacks: line.duePacks ?? line.packs,
      packs: line.packs,
      kg: line.packs * line.sizeKg,
    }));
    return {
      droppingPointId: row.droppingPointId,
      name: row.name,
      address: row.address,
      status: row.shippedAt ? 'shipped' : due.kg > 0 ? 'pending' : 'nothing_to_ship',
      kgToDeliver: due.kg,
      shippedAt: toWib(row.shippedAt),
      shippedBy: row.shippedBy,
      shippedKg: row.shippedKg,
      vehicle: row.vehicle,
      driver: row.driver,
      manifest: manifest ?? null,
      /** Fewer packs loaded than the point's orders held when it shipped. */
      shortfall: row.manifest ? shipmentShortfall(row.manifest) : null,
    };
  });
  const shortfallPerPoint = shipments.map((row) => {
    const shippedShort = new Map(
      (row.manifest ?? []).map((line) => [line.wavePackId, (line.duePacks ?? line.packs) - line.packs] as [string, number]),
    );
    const lines = catalog
      .map((pack) => {
        const cutPacks = cut.get(key(pack.wavePackId, row.droppingPointId)) ?? 0;
        const shortShippedPacks = shippedShort.get(pack.wavePackId) ?? 0;
        const packs = cutPacks + shortShippedPacks;
        return {
          productId: pack.productId,
          name: pack.name,
          sizeKg: pack.sizeKg,
          cutPacks,
          shortShippedPacks,
          packs,
          kg: packs * pack.sizeKg,
          valueRp: packs * pack.priceRp,
        };
      })
      .filter((line) => line.packs !== 0);
    const sum = (pick: (line: (typeof lines)[number]) => number) => lines.reduce((total, line) => total + pick(line), 0);
    return {
      droppingPointId: row.droppingPointId,
      name: row.name,
      /** kg cut from this point's orders by the shortfall the cooperative declared. */
      cutKg: sum((line) => line.cutPacks * line.sizeKg),
      /** kg its shipment carried fewer than its orders held. */
      shortShippedKg: sum((line) => line.shortShippedPacks * line.sizeKg),
      kg: sum((line) => line.kg),
      tonnes: tonnes(sum((line) => line.kg)),
      valueRp: sum((line) => line.valueRp),
      lines,
    };
  });
  const shown: PurchaseOrderShownStatus =
    head.status === PurchaseOrderStatus.Sent
      ? 'sent'
      : shipmentViews.some((shipment) => shipment.status === 'pending')
        ? 'confirmed'
        : 'shipped';

  const document = {
    id: head.id,
    number: head.number,
    status: shown,
    issuedAt: toWib(head.issuedAt),
    confirmedAt: toWib(head.confirmedAt),
    confirmedBy: head.confirmedBy,
    wave: {
      id: head.wave.id,
      name: head.wave.name,
      status: effectiveStatus(head.wave),
      closesAt: toWib(head.wave.closesAt),
      handOutDate: head.wave.handOutDate,
      paymentDeadline: toWib(head.wave.paymentDeadline),
    },
    cooperative: head.cooperative,
    ordered: { ordersCount: head.ordersCount, buyersCount: head.buyersCount, ...breakdown(snapshot, catalog, points) },
    amendments,
    toDeliver,
    shortfalls: shortfalls.map(({ createdAt, ...shortfall }) => ({ ...shortfall, at: toWib(createdAt) })),
    shipments: shipmentViews,
    /** What each dropping point gets less of than it ordered: the shortfall cut from its orders and what its shipment left short. */
    shortfallPerPoint,
  };
  return {
    document,
    catalog,
    points,
    ordered: snapshot,
    cut,
    current,
    manifests: new Map(shipments.map((row) => [row.droppingPointId, row.manifest])),
  };
}

export type PurchaseOrderParts = NonNullable<Awaited<ReturnType<typeof loadPurchaseOrderParts>>>;

export type PurchaseOrderDocument = PurchaseOrderParts['document'];

function amendmentOf(
  reason: string,
  orders: number | null,
  quantities: Quantities,
  catalog: CatalogPack[],
  points: PointInfo[],
  extra: { ordersCancelled?: number; refundDueRp?: number; voucherBackRp?: number },
) {
  const lines = lineList(quantities, catalog, points);
  return {
    reason,
    orders,
    ...extra,
    kg: lines.reduce((sum, line) => sum + line.kg, 0),
    valueRp: lines.reduce((sum, line) => sum + line.valueRp, 0),
    lines,
  };
}
