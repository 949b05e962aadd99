import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { cutRefundOwedSql } from '../desk/refund-owed';
import { WaveStatus } from '../waves/wave-status.enum';
import { waveTakesOrdersSql } from '../waves/wave-transitions';
import { PurchaseOrderLine } from './purchase-order-line.entity';
import { PurchaseOrderShipment, ShipmentManifestLine } from './purchase-order-shipment.entity';
import { PurchaseOrderStatus } from './purchase-order-status.enum';
import { PurchaseOrder } from './purchase-order.entity';

/** One pack of the purchase order's catalog: a size of a product the cooperative offered in the wave. */
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

/** Packs of one wave pack for one dropping point. */
export interface PackQuantity {
  wavePackId: string;
  droppingPointId: string;
  packs: number;
}

export interface PurchaseOrderHeader {
  id: string;
  number: string;
  status: PurchaseOrderStatus;
  issuedAt: Date;
  confirmedAt: Date | null;
  /** Username of the manager who confirmed it. */
  confirmedBy: string | null;
  ordersCount: number;
  buyersCount: number;
  wave: { id: string; name: string; status: WaveStatus; opensAt: Date; closesAt: Date; handOutDate: string; paymentDeadline: Date };
  cooperative: { id: string; name: string; region: string; phone: string };
}

/** A dropping point of the purchase order, and its shipment (nothing shipped yet: the shipment fields are null). */
export interface PointShipment {
  droppingPointId: string;
  name: string;
  address: string;
  shippedAt: Date | null;
  /** Username of who marked it shipped. */
  shippedBy: string | null;
  shippedKg: number | null;
  vehicle: string | null;
  driver: string | null;
  manifest: ShipmentManifestLine[] | null;
}

/** What a cooperative's declared shortfall cut, per pack and point, and in all. */
export interface CutQuantities {
  lines: PackQuantity[];
  orders: number;
  ordersCancelled: number;
  /** Owed back in money. */
  refundDueRp: number;
  /** Not money: what went back to the orders' vouchers. */
  voucherBackRp: number;
}

/** Orders cancelled for one reason since the purchase order was issued (a shortfall's own cancellations are in the cuts). */
export interface CancelledSince {
  reason: string;
  orders: number;
  lines: PackQuantity[];
}

export interface DeclaredShortfall {
  productId: string;
  name: string;
  requestedKg: number;
  cutKg: number;
  ordersReduced: number;
  ordersCancelled: number;
  createdAt: Date;
}

/** Everything a purchase order's document is made of (purchase-order-document.ts puts it together). */
export interface PurchaseOrderFacts {
  header: PurchaseOrderHeader;
  catalog: CatalogPack[];
  shipments: PointShipment[];
  /** The snapshot taken when the wave closed. */
  ordered: PackQuantity[];
  /** What the orders hold now (the wave's pack tallies). */
  current: PackQuantity[];
  cuts: CutQuantities;
  /** By reason. */
  cancelled: CancelledSince[];
  shortfalls: DeclaredShortfall[];
}

/** Surplus packs already returned or settled, per point and pack. */
export interface SurplusOutcome {
  droppingPointId: string;
  wavePackId: string;
  outcome: 'returned' | 'settled';
  packs: number;
}

export interface ShipmentToMark {
  id: string;
  shippedAt: Date | null;
}

/** A purchase order as the wave's closing issues it: the order, its lines (the snapshot), and the points to ship to. */
export interface NewPurchaseOrder {
  order: Omit<PurchaseOrder, 'wave' | 'cooperative' | 'confirmedByUser' | 'lines' | 'shipments'>;
  lines: Omit<PurchaseOrderLine, 'id' | 'purchaseOrderId' | 'purchaseOrder' | 'waveProduct' | 'wavePack' | 'droppingPoint'>[];
  droppingPointIds: string[];
}

/** A line of the snapshot a wave's purchase orders are made of: packs standing per size, product and point, per cooperative. */
export interface SnapshotLine {
  cooperativeId: string;
  waveProductId: string;
  wavePackId: string;
  sizeKg: number;
  priceRp: number;
  droppingPointId: string;
  packs: number;
}

export interface CooperativeCounts {
  cooperativeId: string;
  orders: number;
  buyers: number;
}

/** A purchase order in the cooperative manager's list (the page reads these fields). */
export interface CooperativePurchaseOrderRow {
  id: string;
  number: string;
  status: string;
  issued_at: Date;
  wave_name: string;
  hand_out_date: string;
  total_kg: number;
  total_rp: string;
}

/** Per open wave, product and point: the kg of a cooperative's product ordered so far (the page reads these fields). */
export interface OpenWaveDemandRow {
  wave_id: string;
  wave_name: string;
  closes_at: Date;
  point_name: string;
  product_name: string;
  capacity_kg: number;
  kg: number;
}

/**
 * Reads a purchase order and everything its document shows. A function rather than a method: the
 * notification worker, which does not load this module, attaches the document to its email.
 * One statement after the other: `manager` may be a transaction's, whose one connection runs one
 * query at a time.
 */
export async function purchaseOrderFacts(manager: EntityManager, purchaseOrderId: string): Promise<PurchaseOrderFacts | null> {
  const headers: {
    id: string;
    number: string;
    status: PurchaseOrderStatus;
    issued_at: Date;
    confirmed_at: Date | null;
    confirmed_by: string | null;
    orders_count: number;
    buyers_count: number;
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
  }[] = await manager.query(
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

  const snapshotRows: QuantityRow[] = await manager.query(
    'SELECT wave_pack_id, dropping_point_id, packs FROM purchase_order_lines WHERE purchase_order_id = $1',
    [head.id],
  );
  const currentRows: QuantityRow[] = await manager.query(
    `SELECT wave_pack_id, dropping_point_id, sum(packs)::int AS packs FROM wave_pack_tallies
      WHERE wave_id = $1 AND wave_pack_id = ANY ($2) GROUP BY 1, 2`,
    [head.wave_id, packIds],
  );
  const cutRows: (QuantityRow & {
    orders: number;
    cancelled: number;
    refund_due_rp: string;
    voucher_back_rp: string;
    total_row: number;
  })[] = await manager.query(
    `SELECT wave_pack_id, dropping_point_id, sum(packs_cut)::int AS packs, count(DISTINCT order_id)::int AS orders,
              count(DISTINCT order_id) FILTER (WHERE order_cancelled)::int AS cancelled,
              coalesce(sum(${cutRefundOwedSql('c')}), 0)::bigint AS refund_due_rp,
              -- Not money: what went back to the orders' vouchers (refund_due_rp is what is owed back in money).
              coalesce(sum(voucher_back_rp), 0)::bigint AS voucher_back_rp,
              GROUPING(wave_pack_id, dropping_point_id) AS total_row
         FROM shortfall_cuts c WHERE c.purchase_order_id = $1
        GROUP BY GROUPING SETS ((wave_pack_id, dropping_point_id), ())`,
    [head.id],
  );
  // Cancellations since the snapshot; a shortfall's own cancellations are in the cuts already.
  const cancelRows: (QuantityRow & { cancel_reason: string; orders: number; total_row: number })[] = await manager.query(
    `SELECT o.cancel_reason, i.wave_pack_id, o.dropping_point_id, sum(i.quantity)::int AS packs, count(DISTINCT o.id)::int AS orders,
            GROUPING(i.wave_pack_id, o.dropping_point_id) AS total_row
       FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE o.wave_id = $1 AND o.status = 'cancelled' AND o.cancel_reason <> 'shortfall' AND o.cancelled_at >= (SELECT issued_at FROM purchase_orders WHERE id = $2)
        AND i.wave_pack_id = ANY ($3)
      GROUP BY GROUPING SETS ((o.cancel_reason, i.wave_pack_id, o.dropping_point_id), (o.cancel_reason))`,
    [head.wave_id, head.id, packIds],
  );
  const shortfallRows: {
    product_id: string;
    name: string;
    requested_kg: number;
    cut_kg: number;
    orders_reduced: number;
    orders_cancelled: number;
    created_at: Date;
  }[] = await manager.query(
    `SELECT sf.requested_kg, sf.cut_kg, sf.orders_reduced, sf.orders_cancelled, sf.created_at, wp.product_id, p.name
       FROM purchase_order_shortfalls sf JOIN wave_products wp ON wp.id = sf.wave_product_id JOIN products p ON p.id = wp.product_id
      WHERE sf.purchase_order_id = $1 ORDER BY p.name`,
    [head.id],
  );

  const cutTotal = cutRows.find((row) => row.total_row !== 0);
  const reasons = [...new Set(cancelRows.map((row) => row.cancel_reason))].sort();
  return {
    header: {
      id: head.id,
      number: head.number,
      status: head.status,
      issuedAt: head.issued_at,
      confirmedAt: head.confirmed_at,
      confirmedBy: head.confirmed_by,
      ordersCount: head.orders_count,
      buyersCount: head.buyers_count,
      wave: {
        id: head.wave_id,
        name: head.wave_name,
        status: head.wave_status,
        opensAt: head.opens_at,
        closesAt: head.closes_at,
        handOutDate: head.hand_out_date,
        paymentDeadline: head.payment_deadline,
      },
      cooperative: { id: head.cooperative_id, name: head.cooperative_name, region: head.cooperative_region, phone: head.cooperative_phone },
    },
    catalog,
    shipments: shipments.map((row) => ({
      droppingPointId: row.dropping_point_id,
      name: row.name,
      address: row.address,
      shippedAt: row.shipped_at,
      shippedBy: row.shipped_by,
      shippedKg: row.shipped_kg,
      vehicle: row.vehicle,
      driver: row.driver,
      manifest: row.manifest,
    })),
    ordered: snapshotRows.map(packQuantity),
    current: currentRows.map(packQuantity),
    cuts: {
      lines: cutRows.filter((row) => row.total_row === 0).map(packQuantity),
      orders: cutTotal?.orders ?? 0,
      ordersCancelled: cutTotal?.cancelled ?? 0,
      refundDueRp: Number(cutTotal?.refund_due_rp ?? 0),
      voucherBackRp: Number(cutTotal?.voucher_back_rp ?? 0),
    },
    cancelled: reasons.map((reason) => {
      const rows = cancelRows.filter((row) => row.cancel_reason === reason);
      return {
        reason,
        orders: rows.find((row) => row.total_row !== 0)!.orders,
        lines: rows.filter((row) => row.total_row === 0).map(packQuantity),
      };
    }),
    shortfalls: shortfallRows.map((row) => ({
      productId: row.product_id,
      name: row.name,
      requestedKg: row.requested_kg,
      cutKg: row.cut_kg,
      ordersReduced: row.orders_reduced,
      ordersCancelled: row.orders_cancelled,
      createdAt: row.created_at,
    })),
  };
}

interface QuantityRow {
  wave_pack_id: string;
  dropping_point_id: string;
  packs: number | string;
}

const packQuantity = (row: QuantityRow): PackQuantity => ({
  wavePackId: row.wave_pack_id,
  droppingPointId: row.dropping_point_id,
  packs: Number(row.packs),
});

/** Purchase orders, their lines, shipments and surplus outcomes. */
@Injectable()
export class PurchaseOrderRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(manager: EntityManager, id: string): Promise<PurchaseOrder | null> {
    return manager.findOneBy(PurchaseOrder, { id });
  }

  /** The wave's purchase orders (only `cooperativeId`'s, when given), by cooperative name. */
  async idsOfWave(waveId: string, cooperativeId: string | null): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT po.id FROM purchase_orders po JOIN cooperatives c ON c.id = po.cooperative_id
        WHERE po.wave_id = $1 AND ($2::uuid IS NULL OR po.cooperative_id = $2) ORDER BY c.name`,
      [waveId, cooperativeId],
    );
    return rows.map((row) => row.id);
  }

  /** A cooperative's latest purchase orders, newest first. */
  ofCooperative(cooperativeId: string): Promise<CooperativePurchaseOrderRow[]> {
    return this.dataSource.query(
      `SELECT po.id, po.number, po.status, po.issued_at, w.name AS wave_name, w.hand_out_date::text AS hand_out_date, po.total_kg, po.total_rp
         FROM purchase_orders po JOIN waves w ON w.id = po.wave_id
        WHERE po.cooperative_id = $1 ORDER BY po.issued_at DESC LIMIT 200`,
      [cooperativeId],
    );
  }

  /** While a wave is open: the kg of the cooperative's products ordered so far, per point, from the tallies (its next purchase orders). */
  openWaveDemand(cooperativeId: string): Promise<OpenWaveDemandRow[]> {
    return this.dataSource.query(
      `SELECT w.id AS wave_id, w.name AS wave_name, w.closes_at, dp.name AS point_name, p.name AS product_name, wp.capacity_kg,
              coalesce((SELECT sum(t.packs * pk.size_kg) FROM wave_pack_tallies t JOIN wave_packs pk ON pk.id = t.wave_pack_id
                         WHERE t.wave_id = w.id AND pk.wave_product_id = wp.id AND t.dropping_point_id = dp.id), 0)::int AS kg
         FROM waves w JOIN wave_products wp ON wp.wave_id = w.id AND wp.cooperative_id = $1
         JOIN products p ON p.id = wp.product_id
         JOIN wave_dropping_points wdp ON wdp.wave_id = w.id JOIN dropping_points dp ON dp.id = wdp.dropping_point_id
        WHERE ${waveTakesOrdersSql('w')}
        ORDER BY w.closes_at, w.name, p.name, dp.name`,
      [cooperativeId],
    );
  }

  /** Locks the purchase order's row. */
  async lock(manager: EntityManager, id: string): Promise<void> {
    await manager.query('SELECT 1 FROM purchase_orders WHERE id = $1 FOR UPDATE', [id]);
  }

  /** Locks the purchase order's wave (every step of a wave's progress runs under it, one at a time), then the purchase order. */
  async lockWithWave(manager: EntityManager, id: string): Promise<PurchaseOrder> {
    const heads: { wave_id: string }[] = await manager.query('SELECT wave_id FROM purchase_orders WHERE id = $1', [id]);
    await manager.query('SELECT 1 FROM waves WHERE id = $1 FOR NO KEY UPDATE', [heads[0].wave_id]);
    return manager.findOneOrFail(PurchaseOrder, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async surplusOutcomes(manager: EntityManager, purchaseOrderId: string): Promise<SurplusOutcome[]> {
    const rows: { dropping_point_id: string; wave_pack_id: string; outcome: SurplusOutcome['outcome']; packs: number }[] =
      await manager.query(
        `SELECT dropping_point_id, wave_pack_id, outcome, sum(packs)::int AS packs FROM purchase_order_surplus
        WHERE purchase_order_id = $1 GROUP BY 1, 2, 3`,
        [purchaseOrderId],
      );
    return rows.map((row) => ({
      droppingPointId: row.dropping_point_id,
      wavePackId: row.wave_pack_id,
      outcome: row.outcome,
      packs: row.packs,
    }));
  }

  async recordSurplus(
    manager: EntityManager,
    surplus: {
      purchaseOrderId: string;
      droppingPointId: string;
      outcome: SurplusOutcome['outcome'];
      recordedByUserId: string;
      packs: readonly (readonly [wavePackId: string, packs: number])[];
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO purchase_order_surplus (purchase_order_id, dropping_point_id, wave_pack_id, packs, outcome, recorded_by_user_id)
       SELECT $1, $2, x.pack_id, x.packs, $3, $4 FROM unnest($5::uuid[], $6::int[]) AS x(pack_id, packs)`,
      [
        surplus.purchaseOrderId,
        surplus.droppingPointId,
        surplus.outcome,
        surplus.recordedByUserId,
        surplus.packs.map((pack) => pack[0]),
        surplus.packs.map((pack) => pack[1]),
      ],
    );
  }

  /** The wave's payment deadline has passed (database clock). */
  async paymentDeadlinePassed(manager: EntityManager, waveId: string): Promise<boolean> {
    const [{ too_late }]: { too_late: boolean }[] = await manager.query(
      'SELECT payment_deadline <= now() AS too_late FROM waves WHERE id = $1',
      [waveId],
    );
    return too_late;
  }

  async markConfirmed(manager: EntityManager, id: string, userId: string): Promise<void> {
    await manager.query(
      `UPDATE purchase_orders SET status = 'confirmed', confirmed_at = now(), confirmed_by_user_id = $2 WHERE id = $1 AND status = 'sent'`,
      [id, userId],
    );
  }

  /** The shipment to one dropping point, locked; null when the point is not one of the purchase order's. */
  async lockShipment(manager: EntityManager, purchaseOrderId: string, droppingPointId: string): Promise<ShipmentToMark | null> {
    const rows: { id: string; shipped_at: Date | null }[] = await manager.query(
      'SELECT id, shipped_at FROM purchase_order_shipments WHERE purchase_order_id = $1 AND dropping_point_id = $2 FOR UPDATE',
      [purchaseOrderId, droppingPointId],
    );
    return rows.length > 0 ? { id: rows[0].id, shippedAt: rows[0].shipped_at } : null;
  }

  /** What a point's orders hold now of the cooperative's packs (the wave's pack tallies): what its shipment is due to load. */
  dueAtPoint(
    manager: EntityManager,
    waveId: string,
    droppingPointId: string,
    cooperativeId: string,
  ): Promise<Omit<ShipmentManifestLine, 'duePacks'>[]> {
    return manager.query(
      `SELECT t.wave_pack_id AS "wavePackId", wp.product_id AS "productId", pk.size_kg AS "sizeKg", sum(t.packs)::int AS packs
         FROM wave_pack_tallies t JOIN wave_packs pk ON pk.id = t.wave_pack_id JOIN wave_products wp ON wp.id = pk.wave_product_id
        WHERE t.wave_id = $1 AND t.dropping_point_id = $2 AND wp.cooperative_id = $3
        GROUP BY 1, 2, 3 HAVING sum(t.packs) > 0 ORDER BY 2, 3`,
      [waveId, droppingPointId, cooperativeId],
    );
  }

  /** Marks the shipment shipped with what was loaded; returns when (database clock). */
  async markShipped(
    manager: EntityManager,
    shipmentId: string,
    shipped: { byUserId: string; kg: number; manifest: ShipmentManifestLine[]; vehicle: string | null; driver: string | null },
  ): Promise<Date> {
    const [rows]: [{ shipped_at: Date }[], number] = await manager.query(
      `UPDATE purchase_order_shipments SET shipped_at = now(), shipped_by_user_id = $2, shipped_kg = $3, manifest = $4, vehicle = $5, driver = $6
        WHERE id = $1 AND shipped_at IS NULL RETURNING shipped_at`,
      [shipmentId, shipped.byUserId, shipped.kg, JSON.stringify(shipped.manifest), shipped.vehicle, shipped.driver],
    );
    return rows[0].shipped_at;
  }

  /**
   * Locks the wave's summary tallies (point tallies before pack tallies: the order a cancellation
   * updates them in), so the snapshot read next is one consistent moment.
   */
  async lockTallies(manager: EntityManager, waveId: string): Promise<void> {
    await manager.query('SELECT 1 FROM wave_point_tallies WHERE wave_id = $1 ORDER BY dropping_point_id, shard FOR UPDATE', [waveId]);
    await manager.query('SELECT 1 FROM wave_pack_tallies WHERE wave_id = $1 ORDER BY wave_pack_id, dropping_point_id, shard FOR UPDATE', [
      waveId,
    ]);
  }

  /** Packs per size, product and point that stand at this moment, per cooperative. */
  async snapshot(manager: EntityManager, waveId: string): Promise<SnapshotLine[]> {
    const rows: {
      cooperative_id: string;
      wave_product_id: string;
      wave_pack_id: string;
      size_kg: number;
      price_rp: number;
      dropping_point_id: string;
      packs: number;
    }[] = await manager.query(SNAPSHOT_SQL, [waveId]);
    return rows.map((row) => ({
      cooperativeId: row.cooperative_id,
      waveProductId: row.wave_product_id,
      wavePackId: row.wave_pack_id,
      sizeKg: row.size_kg,
      priceRp: row.price_rp,
      droppingPointId: row.dropping_point_id,
      packs: row.packs,
    }));
  }

  /** Standing orders and their buyers per cooperative; `oneCooperative`: the wave has one, and its tallies count them. */
  async counts(manager: EntityManager, waveId: string, oneCooperative: boolean): Promise<CooperativeCounts[]> {
    const rows: { cooperative_id: string; orders: number; buyers: number }[] = await manager.query(
      oneCooperative ? ONE_COOPERATIVE_COUNTS_SQL : COUNTS_SQL,
      [waveId],
    );
    return rows.map((row) => ({ cooperativeId: row.cooperative_id, orders: row.orders, buyers: row.buyers }));
  }

  /** The transaction's time (database clock). */
  async now(manager: EntityManager): Promise<Date> {
    const [{ now }]: { now: Date }[] = await manager.query('SELECT now() AS now');
    return now;
  }

  /** Writes a new purchase order, its lines and one shipment per dropping point. */
  async insertIssued(manager: EntityManager, issued: NewPurchaseOrder): Promise<PurchaseOrder> {
    const order = manager.create(PurchaseOrder, issued.order);
    await manager.insert(PurchaseOrder, order);
    await manager.insert(
      PurchaseOrderLine,
      issued.lines.map((line) => ({ ...line, purchaseOrderId: order.id })),
    );
    await manager.insert(
      PurchaseOrderShipment,
      issued.droppingPointIds.map((droppingPointId) => ({ purchaseOrderId: order.id, droppingPointId })),
    );
    return order;
  }
}

const BUYERS_SQL = `
SELECT wp.cooperative_id, count(DISTINCT q.buyer_id)::int AS buyers
  FROM buyer_quotas q JOIN wave_products wp ON wp.id = q.wave_product_id
 WHERE wp.wave_id = $1 AND q.ordered_kg > 0 GROUP BY 1`;

/** Packs per size, product and point that stand at this moment, per cooperative. */
const SNAPSHOT_SQL = `
SELECT wp.cooperative_id, pk.wave_product_id, t.wave_pack_id, pk.size_kg, pk.price_rp, t.dropping_point_id, sum(t.packs)::int AS packs
  FROM wave_pack_tallies t JOIN wave_packs pk ON pk.id = t.wave_pack_id JOIN wave_products wp ON wp.id = pk.wave_product_id
 WHERE t.wave_id = $1
 GROUP BY 1, 2, 3, 4, 5, 6
HAVING sum(t.packs) > 0
 ORDER BY 1, 2, 4, 6`;

/**
 * Standing orders and their buyers per cooperative (an order with two cooperatives' goods counts
 * for both). Buyers come from their quota rows, which hold what each still has on order.
 */
const COUNTS_SQL = `
SELECT o.cooperative_id, o.orders, b.buyers
  FROM (SELECT wp.cooperative_id, count(DISTINCT o.id)::int AS orders
          FROM orders o JOIN order_items i ON i.order_id = o.id JOIN wave_products wp ON wp.id = i.wave_product_id
         WHERE o.wave_id = $1 AND o.status <> 'cancelled' GROUP BY 1) o
  JOIN (${BUYERS_SQL}) b ON b.cooperative_id = o.cooperative_id`;

/** With one cooperative every standing order is its own: the summary tallies count them without reading the orders. */
const ONE_COOPERATIVE_COUNTS_SQL = `
SELECT b.cooperative_id, (SELECT sum(orders_count)::int FROM wave_point_tallies WHERE wave_id = $1) AS orders, b.buyers
  FROM (${BUYERS_SQL}) b`;
