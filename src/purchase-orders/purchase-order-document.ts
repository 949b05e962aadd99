import type { EntityManager } from 'typeorm';
import { toWib } from '../common/time';
import { cutRefundOwedSql } from '../desk/refund-owed';
import { effectiveStatus } from '../waves/wave-status';
import { WaveStatus } from '../waves/wave-status.enum';
import type { PurchaseOrderShownStatus } from './purchase-order-status.enum';
import { PurchaseOrderStatus } from './purchase-order-status.enum';
import type { ShipmentManifestLine } from './purchase-order-shipment.entity';
import { shipmentShortfall } from './shipment-manifest';

/** Packs keyed by `${wavePackId}|${droppingPointId}`. */
export type Quantities = Map<string, number>;

export const key = (wavePackId: string, droppingPointId: string) => `${wavePackId}|${droppingPointId}`;

export interface CatalogPack {
  wavePackId: string;
  waveProductId: string;
  productId: string;
  name: string;
  commodity: string;
  pricePerKgRp: number;
  sizeKg: number;
  priceRp: number;
}

export interface PointInfo {
  id: string;
  name: string;
  address: string;
}

interface HeaderRow {
  id: string;
  number: string;
  status: PurchaseOrderStatus;
  issued_at: Date;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  orders_count: number;
  buyers_count: number;
  total_kg: number;
  total_rp: string;
  wave_id: string;
  wave_name: string;
  wave_status: WaveStatus;
  opens_at: Date;
  closes_at: Date;
  hand_out_date: string;
  payment_deadline: Date;
  cooperative_id: string;
  cooperative_name: string;
  cooperative_region: string;
  cooperative_phone: string;
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

function toQuantities(rows: { wave_pack_id: string; dropping_point_id: string; packs: number | string }[]): Quantities {
  const quantities: Quantities = new Map();
  for (const row of rows)
    quantities.set(
      key(row.wave_pack_id, row.dropping_point_id),
      (quantities.get(key(row.wave_pack_id, row.dropping_point_id)) ?? 0) + Number(row.packs),
    );
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
  const headers: HeaderRow[] = await manager.query(
    `SELECT po.id, po.number, po.status, po.issued_at, po.confirmed_at, u.username AS confirmed_by, po.orders_count, po.buyers_count,
            po.total_kg, po.total_rp, w.id AS wave_id, w.name AS wave_name, w.status AS wave_status, w.opens_at, w.closes_at,
            w.hand_out_date::text AS hand_out_date, w.payment_deadline, c.id AS cooperative_id, c.name AS cooperative_name,
            c.region AS cooperative_region, c.phone AS cooperative_phone
       FROM purchase_orders po JOIN waves w ON w.id = po.wave_id JOIN cooperatives c ON c.id = po.cooperative_id
       LEFT JOIN users u ON u.id = po.confirmed_by_user_id
      WHERE po.id = $1`,
    [purchaseOrderId],
  );
  if (headers.length === 0) return null;
  const head = headers[0];

  const catalog: CatalogPack[] = (
    await manager.query(
      `SELECT pk.id AS "wavePackId", wp.id AS "waveProductId", wp.product_id AS "productId", p.name, p.commodity,
              wp.price_per_kg_rp AS "pricePerKgRp", pk.size_kg AS "sizeKg", pk.price_rp AS "priceRp"
         FROM wave_products wp JOIN products p ON p.id = wp.product_id JOIN wave_packs pk ON pk.wave_product_id = wp.id
        WHERE wp.wave_id = $1 AND wp.cooperative_id = $2
          AND EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.purchase_order_id = $3 AND l.wave_product_id = wp.id)
        ORDER BY p.name, wp.id, pk.size_kg`,
      [head.wave_id, head.cooperative_id, head.id],
    )
  ).map((row: CatalogPack) => ({ ...row }));
  const packIds = catalog.map((pack) => pack.wavePackId);

  const shipments: {
    dropping_point_id: string;
    name: string;
    address: string;
    shipped_at: Date | null;
    shipped_by: string | null;
    shipped_kg: number | null;
    vehicle: string | null;
    driver: string | null;
    manifest: ShipmentManifestLine[] | null;
  }[] = await manager.query(
    `SELECT s.dropping_point_id, dp.name, dp.address, s.shipped_at, u.username AS shipped_by, s.shipped_kg, s.vehicle, s.driver, s.manifest
       FROM purchase_order_shipments s JOIN dropping_points dp ON dp.id = s.dropping_point_id
       LEFT JOIN users u ON u.id = s.shipped_by_user_id
      WHERE s.purchase_order_id = $1 ORDER BY dp.name`,
    [head.id],
  );
  const points: PointInfo[] = shipments.map((row) => ({ id: row.dropping_point_id, name: row.name, address: row.address }));

  const [snapshotRows, currentRows, cutRows, cancelRows, shortfallRows] = await Promise.all([
    manager.query('SELECT wave_pack_id, dropping_point_id, packs FROM purchase_order_lines WHERE purchase_order_id = $1', [head.id]),
    manager.query(
      `SELECT wave_pack_id, dropping_point_id, sum(packs)::int AS packs FROM wave_pack_tallies
        WHERE wave_id = $1 AND wave_pack_id = ANY ($2) GROUP BY 1, 2`,
      [head.wave_id, packIds],
    ),
    manager.query(
      `SELECT wave_pack_id, dropping_point_id, sum(packs_cut)::int AS packs, count(DISTINCT order_id)::int AS orders,
              count(DISTINCT order_id) FILTER (WHERE order_cancelled)::int AS cancelled,
              coalesce(sum(${cutRefundOwedSql('c')}), 0)::bigint AS refund_due_rp,
              -- Not money: what went back to the orders' vouchers (refund_due_rp is what is owed back in money).
              coalesce(sum(voucher_back_rp), 0)::bigint AS voucher_back_rp,
              GROUPING(wave_pack_id, dropping_point_id) AS total_row
         FROM shortfall_cuts c WHERE c.purchase_order_id = $1
        GROUP BY GROUPING SETS ((wave_pack_id, dropping_point_id), ())`,
      [head.id],
    ),
    // Cancellations since the snapshot; a shortfall's own cancellations are in the cuts already.
    manager.query(
      `SELECT o.cancel_reason, i.wave_pack_id, o.dropping_point_id, sum(i.quantity)::int AS packs, count(DISTINCT o.id)::int AS orders,
              GROUPING(i.wave_pack_id, o.dropping_point_id) AS total_row
         FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE o.wave_id = $1 AND o.status = 'cancelled' AND o.cancel_reason <> 'shortfall' AND o.cancelled_at >= (SELECT issued_at FROM purchase_orders WHERE id = $2)
          AND i.wave_pack_id = ANY ($3)
        GROUP BY GROUPING SETS ((o.cancel_reason, i.wave_pack_id, o.dropping_point_id), (o.cancel_reason))`,
      [head.wave_id, head.id, packIds],
    ),
    manager.query(
      `SELECT sf.requested_kg, sf.cut_kg, sf.orders_reduced, sf.orders_cancelled, sf.created_at, wp.product_id, p.name
         FROM purchase_order_shortfalls sf JOIN wave_products wp ON wp.id = sf.wave_product_id JOIN products p ON p.id = wp.product_id
        WHERE sf.purchase_order_id = $1 ORDER BY p.name`,
      [head.id],
    ),
  ]);

  const snapshot = toQuantities(snapshotRows);
  const current = toQuantities(currentRows);
  const amendments = [];
  const cutDetail = cutRows.filter((row: { total_row: number }) => row.total_row === 0);
  const cutTotal = cutRows.find((row: { total_row: number }) => row.total_row !== 0);
  const cut = toQuantities(cutDetail);
  if (cutDetail.length > 0) {
    amendments.push(
      amendmentOf('shortfall', cutTotal.orders, cut, catalog, points, {
        ordersCancelled: cutTotal.cancelled,
        refundDueRp: Number(cutTotal.refund_due_rp),
        voucherBackRp: Number(cutTotal.voucher_back_rp),
      }),
    );
  }
  const reasons = [...new Set<string>(cancelRows.map((row: { cancel_reason: string }) => row.cancel_reason))].sort();
  const cancelled: Quantities[] = [];
  for (const reason of reasons) {
    const rows = cancelRows.filter((row: { cancel_reason: string }) => row.cancel_reason === reason);
    const quantities = toQuantities(rows.filter((row: { total_row: number }) => row.total_row === 0));
    cancelled.push(quantities);
    const total = rows.find((row: { total_row: number }) => row.total_row !== 0);
    amendments.push(amendmentOf(reason, total.orders, quantities, catalog, points, { ordersCancelled: total.orders }));
  }
  const unexplained = subtract(snapshot, current, cut, ...cancelled);
  if ([...unexplained.values()].some((packs) => packs !== 0)) amendments.push(amendmentOf('other', null, unexplained, catalog, points, {}));

  const toDeliver = breakdown(current, catalog, points);
  const pointsToDeliver = new Map(toDeliver.droppingPoints.map((point) => [point.droppingPointId, point]));
  const productNames = new Map(catalog.map((pack) => [pack.productId, pack.name]));
  const shipmentViews = shipments.map((row) => {
    const due = pointsToDeliver.get(row.dropping_point_id)!;
    const manifest = row.manifest?.map((line) => ({
      productId: line.productId,
      name: productNames.get(line.productId) ?? '',
      sizeKg: line.sizeKg,
      duePacks: line.duePacks ?? line.packs,
      packs: line.packs,
      kg: line.packs * line.sizeKg,
    }));
    return {
      droppingPointId: row.dropping_point_id,
      name: row.name,
      address: row.address,
      status: row.shipped_at ? 'shipped' : due.kg > 0 ? 'pending' : 'nothing_to_ship',
      kgToDeliver: due.kg,
      shippedAt: toWib(row.shipped_at),
      shippedBy: row.shipped_by,
      shippedKg: row.shipped_kg,
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
        const cutPacks = cut.get(key(pack.wavePackId, row.dropping_point_id)) ?? 0;
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
      droppingPointId: row.dropping_point_id,
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
    issuedAt: toWib(head.issued_at),
    confirmedAt: toWib(head.confirmed_at),
    confirmedBy: head.confirmed_by,
    wave: {
      id: head.wave_id,
      name: head.wave_name,
      status: effectiveStatus({ status: head.wave_status, opensAt: head.opens_at, closesAt: head.closes_at }),
      closesAt: toWib(head.closes_at),
      handOutDate: head.hand_out_date,
      paymentDeadline: toWib(head.payment_deadline),
    },
    cooperative: { id: head.cooperative_id, name: head.cooperative_name, region: head.cooperative_region, phone: head.cooperative_phone },
    ordered: { ordersCount: head.orders_count, buyersCount: head.buyers_count, ...breakdown(snapshot, catalog, points) },
    amendments,
    toDeliver,
    shortfalls: shortfallRows.map(
      (row: {
        product_id: string;
        name: string;
        requested_kg: number;
        cut_kg: number;
        orders_reduced: number;
        orders_cancelled: number;
        created_at: Date;
      }) => ({
        productId: row.product_id,
        name: row.name,
        requestedKg: row.requested_kg,
        cutKg: row.cut_kg,
        ordersReduced: row.orders_reduced,
        ordersCancelled: row.orders_cancelled,
        at: toWib(row.created_at),
      }),
    ),
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
    manifests: new Map(shipments.map((row) => [row.dropping_point_id, row.manifest])),
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
