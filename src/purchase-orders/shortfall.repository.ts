import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { cutRefundOwedSql } from '../desk/refund-owed';
import type { OrderStatus } from '../orders/order-status.enum';
import { PurchaseOrderShortfall } from './purchase-order-shortfall.entity';
import type { PurchaseOrder } from './purchase-order.entity';
import { ShortfallCut } from './shortfall-cut.entity';

/** A product of the purchase order a shortfall may name. */
export interface OfferedProduct {
  waveProductId: string;
  productId: string;
  name: string;
}

export interface CandidateOrder {
  id: string;
  status: OrderStatus;
}

/** An order line of the product that is short. */
export interface ProductLine {
  id: string;
  orderId: string;
  wavePackId: string;
  sizeKg: number;
  quantity: number;
  unitPriceRp: number;
}

/** An order a shortfall cuts, as it was before: its lines, totals and the voucher standing on it. */
export interface AffectedOrder {
  id: string;
  droppingPointId: string;
  totalKg: number;
  totalRp: number;
  items: { id: string; quantity: number }[];
  /** The voucher standing on the order, if any: what it covers, and whether it is the order's whole payment. */
  redemptionId: string | null;
  voucherRp: number | null;
  voucherPaymentId: string | null;
}

export type NewShortfall = Omit<PurchaseOrderShortfall, 'purchaseOrder' | 'waveProduct' | 'createdAt'>;

export type NewShortfallCut = Omit<ShortfallCut, 'id' | 'purchaseOrder' | 'shortfall' | 'order' | 'wavePack' | 'createdAt'>;

/** What a shortfall did to one line of an order, as its buyer reads it. */
export interface OrderCut {
  purchaseOrderNumber: string;
  productId: string;
  productName: string;
  sizeKg: number;
  packsBefore: number;
  packsCut: number;
  kg: number;
  amountRp: number;
  /** Owed back in money (cash, transfer, QRIS). */
  refundDueRp: number;
  voucherBackRp: number;
  orderCancelled: boolean;
  createdAt: Date;
}

/** An order a shortfall cut, per product (the cooperative manager's page reads these fields). */
export interface CutOrderRow {
  order_id: string;
  pickup_code: string;
  buyer_name: string;
  agency: string;
  point_name: string;
  product_name: string;
  kg: number;
  amount_rp: string;
  order_cancelled: boolean;
  refund_due_rp: string;
}

/** Shortfalls and their cuts of buyers' orders. */
@Injectable()
export class ShortfallRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The purchase order's products (those it has lines of). */
  async offeredProducts(manager: EntityManager, purchaseOrder: PurchaseOrder): Promise<OfferedProduct[]> {
    const rows: { id: string; product_id: string; name: string }[] = await manager.query(
      `SELECT wp.id, wp.product_id, p.name FROM wave_products wp JOIN products p ON p.id = wp.product_id
        WHERE wp.wave_id = $1 AND wp.cooperative_id = $2
          AND EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.purchase_order_id = $3 AND l.wave_product_id = wp.id)`,
      [purchaseOrder.waveId, purchaseOrder.cooperativeId, purchaseOrder.id],
    );
    return rows.map((row) => ({ waveProductId: row.id, productId: row.product_id, name: row.name }));
  }

  async productsInWave(manager: EntityManager, waveId: string): Promise<number> {
    const [{ products }]: { products: number }[] = await manager.query(
      'SELECT count(*)::int AS products FROM wave_products WHERE wave_id = $1',
      [waveId],
    );
    return products;
  }

  /**
   * The next `limit` orders of the wave in `statuses` holding the product (every order does when
   * `onlyProduct`), latest placement first, after the order `after`; locked.
   */
  lockLatestOrders(
    manager: EntityManager,
    query: {
      waveId: string;
      statuses: readonly OrderStatus[];
      waveProductId: string;
      onlyProduct: boolean;
      after: string | null;
      limit: number;
    },
  ): Promise<CandidateOrder[]> {
    return manager.query(
      `SELECT o.id, o.status FROM orders o
        WHERE o.wave_id = $1 AND o.status = ANY ($2)
          AND ($4 OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.wave_product_id = $3))
          AND ($5::uuid IS NULL OR (o.placed_at, o.id) < (SELECT placed_at, id FROM orders WHERE id = $5::uuid))
        ORDER BY o.placed_at DESC, o.id DESC LIMIT $6 FOR UPDATE OF o`,
      [query.waveId, query.statuses, query.waveProductId, query.onlyProduct, query.after, query.limit],
    );
  }

  /** The orders' lines of the product, larger packs first. */
  async linesOfProduct(manager: EntityManager, orderIds: string[], waveProductId: string): Promise<ProductLine[]> {
    const rows: { id: string; order_id: string; wave_pack_id: string; size_kg: number; quantity: number; unit_price_rp: number }[] =
      await manager.query(
        `SELECT id, order_id, wave_pack_id, size_kg, quantity, unit_price_rp FROM order_items
          WHERE order_id = ANY ($1) AND wave_product_id = $2 ORDER BY size_kg DESC, id`,
        [orderIds, waveProductId],
      );
    return rows.map((row) => ({
      id: row.id,
      orderId: row.order_id,
      wavePackId: row.wave_pack_id,
      sizeKg: row.size_kg,
      quantity: row.quantity,
      unitPriceRp: row.unit_price_rp,
    }));
  }

  async affectedOrders(manager: EntityManager, orderIds: string[]): Promise<AffectedOrder[]> {
    if (orderIds.length === 0) return [];
    const rows: {
      id: string;
      dropping_point_id: string;
      total_kg: number;
      total_rp: string;
      items: { id: string; quantity: number }[];
      redemption_id: string | null;
      voucher_rp: string | null;
      voucher_payment_id: string | null;
    }[] = await manager.query(
      `SELECT o.id, o.dropping_point_id, o.total_kg, o.total_rp,
              json_agg(json_build_object('id', i.id, 'quantity', i.quantity)) AS items,
              r.id AS redemption_id, r.amount_rp AS voucher_rp, r.payment_id AS voucher_payment_id
         FROM orders o JOIN order_items i ON i.order_id = o.id
         LEFT JOIN voucher_redemptions r ON r.order_id = o.id AND r.released_at IS NULL
        WHERE o.id = ANY ($1) GROUP BY o.id, r.id`,
      [orderIds],
    );
    return rows.map((row) => ({
      id: row.id,
      droppingPointId: row.dropping_point_id,
      totalKg: row.total_kg,
      totalRp: Number(row.total_rp),
      items: row.items,
      redemptionId: row.redemption_id,
      voucherRp: row.voucher_rp === null ? null : Number(row.voucher_rp),
      voucherPaymentId: row.voucher_payment_id,
    }));
  }

  async insertShortfalls(manager: EntityManager, shortfalls: NewShortfall[]): Promise<void> {
    await manager.insert(PurchaseOrderShortfall, shortfalls);
  }

  async insertCuts(manager: EntityManager, cuts: NewShortfallCut[]): Promise<void> {
    await manager.insert(ShortfallCut, cuts);
  }

  /** What shortfalls cut from one order, per product and size. */
  async cutsOfOrder(orderId: string): Promise<OrderCut[]> {
    const rows: {
      number: string;
      product_id: string;
      name: string;
      size_kg: number;
      packs_before: number;
      packs_cut: number;
      kg: number;
      amount_rp: string;
      refund_due_rp: string;
      voucher_back_rp: string;
      order_cancelled: boolean;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT po.number, wp.product_id, p.name, c.size_kg, c.packs_before, c.packs_cut, c.kg, c.amount_rp, c.order_cancelled, c.created_at,
              c.voucher_back_rp,
              ${cutRefundOwedSql('c')} AS refund_due_rp
         FROM shortfall_cuts c JOIN purchase_orders po ON po.id = c.purchase_order_id
         JOIN wave_products wp ON wp.id = c.wave_product_id JOIN products p ON p.id = wp.product_id
        WHERE c.order_id = $1 ORDER BY p.name, c.size_kg`,
      [orderId],
    );
    return rows.map((row) => ({
      purchaseOrderNumber: row.number,
      productId: row.product_id,
      productName: row.name,
      sizeKg: row.size_kg,
      packsBefore: row.packs_before,
      packsCut: row.packs_cut,
      kg: row.kg,
      amountRp: Number(row.amount_rp),
      refundDueRp: Number(row.refund_due_rp),
      voucherBackRp: Number(row.voucher_back_rp),
      orderCancelled: row.order_cancelled,
      createdAt: row.created_at,
    }));
  }

  /** The orders the purchase order's shortfall cut, latest first as the rule cuts them. */
  cutOrders(purchaseOrderId: string): Promise<CutOrderRow[]> {
    return this.dataSource.query(
      `SELECT c.order_id, o.pickup_code, b.name AS buyer_name, b.agency, dp.name AS point_name, p.name AS product_name,
              sum(c.kg)::int AS kg, sum(c.amount_rp) AS amount_rp, bool_or(c.order_cancelled) AS order_cancelled, sum(c.refund_due_rp) AS refund_due_rp
         FROM shortfall_cuts c JOIN orders o ON o.id = c.order_id JOIN buyers b ON b.id = o.buyer_id
         JOIN dropping_points dp ON dp.id = c.dropping_point_id
         JOIN wave_products wp ON wp.id = c.wave_product_id JOIN products p ON p.id = wp.product_id
        WHERE c.purchase_order_id = $1
        GROUP BY c.order_id, o.pickup_code, b.name, b.agency, dp.name, p.name, o.placed_at
        ORDER BY o.placed_at DESC, p.name`,
      [purchaseOrderId],
    );
  }
}
