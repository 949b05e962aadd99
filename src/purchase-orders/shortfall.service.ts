import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { DomainEvents } from '../events/domain-events';
import { OrderReleaseService } from '../orders/order-release.service';
import { CancelReason, OrderStatus } from '../orders/order-status.enum';
import { PurchaseOrderShortfall } from './purchase-order-shortfall.entity';
import type { PurchaseOrder } from './purchase-order.entity';
import { allocateShortfall, CuttableOrder, LineCut } from './shortfall-allocation';
import { ShortfallCut } from './shortfall-cut.entity';
import { VouchersService } from '../vouchers/vouchers.service';

export interface ShortfallRequest {
  productId: string;
  kg: number;
}

/** Orders a shortfall may still cut: the goods have not been set aside for them yet. */
const CUTTABLE: readonly OrderStatus[] = [OrderStatus.Placed, OrderStatus.Paid];
const BATCH = 500;

interface CandidateRow {
  id: string;
  status: OrderStatus;
}

interface ItemRow {
  id: string;
  order_id: string;
  wave_pack_id: string;
  size_kg: number;
  quantity: number;
  unit_price_rp: number;
}

interface PlannedCut extends LineCut {
  shortfallId: string;
  waveProductId: string;
  wavePackId: string;
  unitPriceRp: number;
  orderPaid: boolean;
}

interface AffectedOrder {
  id: string;
  dropping_point_id: string;
  total_kg: number;
  total_rp: string;
  items: { id: string; quantity: number }[];
  /** The voucher standing on the order, if any: what it covers, and whether it is the order's whole payment. */
  redemption_id: string | null;
  voucher_rp: string | null;
  voucher_payment_id: string | null;
}

/** How one cut's amount splits: money owed back (cash, transfer, QRIS) and value back to the voucher. */
interface CutSplit {
  refundDueRp: number;
  voucherBackRp: number;
}

/**
 * Splits an order's cuts, taken one after the other, between cash and voucher. The money freed goes
 * back first from the cash-paid part, down to what the smaller total still needs from cash; the rest
 * goes back to the voucher. With T the total before a cut, X the cut and V the voucher's part (a
 * voucher paying the whole order counts as V = T): the voucher keeps covering min(V, T - X), so
 * V - min(V, T - X) goes back to it; a paid order is owed the rest of X in money, an unpaid one
 * nothing. Taking the cuts one by one gives the same split as taking them at once.
 */
export function splitCuts(
  totalRp: number,
  voucherRp: number,
  paid: boolean,
  amounts: number[],
): { splits: CutSplit[]; voucherLeftRp: number } {
  let total = totalRp;
  let voucher = Math.min(voucherRp, totalRp);
  const splits = amounts.map((amount) => {
    const kept = Math.min(voucher, total - amount);
    const voucherBackRp = voucher - kept;
    voucher = kept;
    total -= amount;
    return { refundDueRp: paid ? amount - voucherBackRp : 0, voucherBackRp };
  });
  return { splits, voucherLeftRp: voucher };
}

/**
 * Applies a cooperative's confirmed shortfall to the buyers' orders by the rule in
 * shortfall-allocation.ts (last come, first cut), inside the confirming transaction:
 *   - an order left with nothing is cancelled with reason `shortfall` through OrderReleaseService,
 *     like every other cancellation;
 *   - an order left with something is reduced: its lines and totals, the buyer's quota, the
 *     wave's summary tallies move by exactly what was cut.
 * Every cut is recorded (shortfall_cuts) with what the buyer is owed back in money when they had
 * paid and what goes back to the order's voucher (splitCuts), and in the audit trail, so the
 * buyer, the desk and the reports can see why an order changed.
 */
@Injectable()
export class ShortfallService {
  constructor(
    private readonly release: OrderReleaseService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly vouchers: VouchersService,
  ) {}

  async apply(manager: EntityManager, purchaseOrder: PurchaseOrder, requests: ShortfallRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const offers: { id: string; product_id: string; name: string }[] = await manager.query(
      `SELECT wp.id, wp.product_id, p.name FROM wave_products wp JOIN products p ON p.id = wp.product_id
        WHERE wp.wave_id = $1 AND wp.cooperative_id = $2
          AND EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.purchase_order_id = $3 AND l.wave_product_id = wp.id)`,
      [purchaseOrder.waveId, purchaseOrder.cooperativeId, purchaseOrder.id],
    );
    const seen = new Set<string>();
    const shortfalls: PurchaseOrderShortfall[] = [];
    const cuts: PlannedCut[] = [];
    for (const [index, request] of requests.entries()) {
      const offer = offers.find((candidate) => candidate.product_id === request.productId);
      if (!offer) throw DomainError.validation(`shortfalls.${index}.productId`, 'productId is not a product of this purchase order');
      if (seen.has(offer.id)) throw DomainError.validation(`shortfalls.${index}.productId`, 'shortfalls must not repeat a productId');
      seen.add(offer.id);
      const shortfallId = randomUUID();
      const planned = await this.plan(manager, purchaseOrder.waveId, offer.id, shortfallId, request.kg);
      if (planned.uncoveredKg > 0) {
        throw DomainError.validation(
          `shortfalls.${index}.kg`,
          `kg exceeds the ${request.kg - planned.uncoveredKg} kg of ${offer.name} that orders still wait for`,
        );
      }
      cuts.push(...planned.cuts);
      shortfalls.push(
        manager.create(PurchaseOrderShortfall, {
          id: shortfallId,
          purchaseOrderId: purchaseOrder.id,
          waveProductId: offer.id,
          requestedKg: request.kg,
          cutKg: planned.cuts.reduce((sum, cut) => sum + cut.sizeKg * cut.packsCut, 0),
          ordersReduced: 0,
          ordersCancelled: 0,
        }),
      );
    }

    const affected = await this.affectedOrders(manager, [...new Set(cuts.map((cut) => cut.orderId))]);
    const cutPacks = new Map(cuts.map((cut) => [cut.itemId, cut.packsCut]));
    const emptied = new Set(
      affected.filter((order) => order.items.every((item) => cutPacks.get(item.id) === item.quantity)).map((order) => order.id),
    );
    for (const shortfall of shortfalls) {
      const own = new Set(cuts.filter((cut) => cut.shortfallId === shortfall.id).map((cut) => cut.orderId));
      shortfall.ordersCancelled = [...own].filter((id) => emptied.has(id)).length;
      shortfall.ordersReduced = own.size - shortfall.ordersCancelled;
    }
    await manager.insert(PurchaseOrderShortfall, shortfalls);
    if (cuts.length === 0) return;
    const pointOf = new Map(affected.map((order) => [order.id, order.dropping_point_id]));
    const split = this.split(affected, cuts);
    await manager.insert(
      ShortfallCut,
      cuts.map((cut, index) => ({
        purchaseOrderId: purchaseOrder.id,
        shortfallId: cut.shortfallId,
        orderId: cut.orderId,
        orderItemId: cut.itemId,
        wavePackId: cut.wavePackId,
        waveProductId: cut.waveProductId,
        droppingPointId: pointOf.get(cut.orderId)!,
        sizeKg: cut.sizeKg,
        unitPriceRp: cut.unitPriceRp,
        packsBefore: cut.packsBefore,
        packsCut: cut.packsCut,
        kg: cut.sizeKg * cut.packsCut,
        amountRp: cut.unitPriceRp * cut.packsCut,
        orderCancelled: emptied.has(cut.orderId),
        refundDueRp: split.cuts[index].refundDueRp,
        voucherBackRp: split.cuts[index].voucherBackRp,
      })),
    );
    await this.giveBackToVouchers(manager, affected, emptied, split.voucherLeft);

    // As with every cancellation after closing, the kg do not go back to the wave's capacity: it
    // sells nothing any more, and its summary keeps showing what was taken while it was open.
    const cancelled = await this.release.cancel(manager, [...emptied], CancelReason.Shortfall, false);
    if (cancelled.length !== emptied.size) throw new Error('An order to cancel for the shortfall was no longer cancellable');
    await this.reduce(manager, purchaseOrder.id);
    await this.recordAudit(manager, purchaseOrder, affected, cuts, split.cuts, emptied);
    await this.events.publish(manager, {
      type: 'purchase_order.shortfall',
      purchaseOrderId: purchaseOrder.id,
      waveId: purchaseOrder.waveId,
    });
  }

  /** The cuts for one product's shortfall, walking its orders latest first in locked batches. */
  private async plan(manager: EntityManager, waveId: string, waveProductId: string, shortfallId: string, kg: number) {
    const cuts: PlannedCut[] = [];
    let missing = kg;
    let after: string | null = null;
    // With one product in the wave every order holds it: no need to look into each order's lines.
    const [{ products }]: { products: number }[] = await manager.query(
      'SELECT count(*)::int AS products FROM wave_products WHERE wave_id = $1',
      [waveId],
    );
    while (missing > 0) {
      const rows: CandidateRow[] = await manager.query(
        `SELECT o.id, o.status FROM orders o
          WHERE o.wave_id = $1 AND o.status = ANY ($2)
            AND ($4 OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.wave_product_id = $3))
            AND ($5::uuid IS NULL OR (o.placed_at, o.id) < (SELECT placed_at, id FROM orders WHERE id = $5::uuid))
          ORDER BY o.placed_at DESC, o.id DESC LIMIT $6 FOR UPDATE OF o`,
        [waveId, CUTTABLE, waveProductId, products === 1, after, BATCH],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const items: ItemRow[] = await manager.query(
        `SELECT id, order_id, wave_pack_id, size_kg, quantity, unit_price_rp FROM order_items
          WHERE order_id = ANY ($1) AND wave_product_id = $2 ORDER BY size_kg DESC, id`,
        [rows.map((row) => row.id), waveProductId],
      );
      const byItem = new Map(items.map((item) => [item.id, item]));
      const status = new Map(rows.map((row) => [row.id, row.status]));
      const orders: CuttableOrder[] = rows.map((row) => ({
        orderId: row.id,
        lines: items
          .filter((item) => item.order_id === row.id)
          .map((item) => ({ itemId: item.id, sizeKg: item.size_kg, quantity: item.quantity })),
      }));
      const allocation = allocateShortfall(orders, missing);
      for (const cut of allocation.cuts) {
        const item = byItem.get(cut.itemId)!;
        cuts.push({
          ...cut,
          shortfallId,
          waveProductId,
          wavePackId: item.wave_pack_id,
          unitPriceRp: item.unit_price_rp,
          orderPaid: status.get(cut.orderId) === OrderStatus.Paid,
        });
      }
      missing = allocation.uncoveredKg;
    }
    return { cuts, uncoveredKg: missing };
  }

  private affectedOrders(manager: EntityManager, orderIds: string[]): Promise<AffectedOrder[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT o.id, o.dropping_point_id, o.total_kg, o.total_rp,
              json_agg(json_build_object('id', i.id, 'quantity', i.quantity)) AS items,
              r.id AS redemption_id, r.amount_rp AS voucher_rp, r.payment_id AS voucher_payment_id
         FROM orders o JOIN order_items i ON i.order_id = o.id
         LEFT JOIN voucher_redemptions r ON r.order_id = o.id AND r.released_at IS NULL
        WHERE o.id = ANY ($1) GROUP BY o.id, r.id`,
      [orderIds],
    );
  }

  /** Each cut's split between money owed back and voucher value given back, per order in the order of the cuts. */
  private split(affected: AffectedOrder[], cuts: PlannedCut[]) {
    const result: CutSplit[] = new Array<CutSplit>(cuts.length);
    const voucherLeft = new Map<string, number>();
    for (const order of affected) {
      const indexes = cuts.flatMap((cut, index) => (cut.orderId === order.id ? [index] : []));
      const totalRp = Number(order.total_rp);
      // A voucher that paid the whole order is its part of all of it.
      const voucherRp = order.voucher_payment_id ? totalRp : Number(order.voucher_rp ?? 0);
      const { splits, voucherLeftRp } = splitCuts(
        totalRp,
        voucherRp,
        cuts[indexes[0]].orderPaid,
        indexes.map((index) => cuts[index].unitPriceRp * cuts[index].packsCut),
      );
      indexes.forEach((index, n) => (result[index] = splits[n]));
      voucherLeft.set(order.id, voucherLeftRp);
    }
    return { cuts: result, voucherLeft };
  }

  /**
   * Value back to the voucher: on an order that keeps something, the voucher's redemption (and,
   * when it paid the whole order, its VOUCHER payment) drops to what it still covers, so the
   * voucher report and the desk's reconciliation count only what the voucher paid. A cancelled
   * order gives its whole voucher back through the cancellation (VouchersService).
   */
  private async giveBackToVouchers(
    manager: EntityManager,
    affected: AffectedOrder[],
    emptied: Set<string>,
    voucherLeft: Map<string, number>,
  ) {
    for (const order of affected) {
      if (!order.redemption_id || emptied.has(order.id)) continue;
      const left = voucherLeft.get(order.id)!;
      if (left === Number(order.voucher_rp)) continue;
      await this.vouchers.shrink(manager, order.redemption_id, order.voucher_payment_id, left);
    }
  }

  /** Takes the recorded cuts of orders that keep something out of everything that counted them. */
  private async reduce(manager: EntityManager, purchaseOrderId: string): Promise<void> {
    const params = [purchaseOrderId];
    await manager.query(
      `UPDATE wave_point_tallies t SET kg = t.kg - c.kg, value_rp = t.value_rp - c.rp
         FROM (SELECT o.wave_id, o.dropping_point_id, o.tally_shard, sum(c.kg) AS kg, sum(c.amount_rp) AS rp
                 FROM shortfall_cuts c JOIN orders o ON o.id = c.order_id
                WHERE c.purchase_order_id = $1 AND NOT c.order_cancelled GROUP BY 1, 2, 3) c
        WHERE t.wave_id = c.wave_id AND t.dropping_point_id = c.dropping_point_id AND t.shard = c.tally_shard`,
      params,
    );
    await manager.query(
      `UPDATE wave_pack_tallies t SET packs = t.packs - c.packs
         FROM (SELECT c.wave_pack_id, o.dropping_point_id, o.tally_shard, sum(c.packs_cut) AS packs
                 FROM shortfall_cuts c JOIN orders o ON o.id = c.order_id
                WHERE c.purchase_order_id = $1 AND NOT c.order_cancelled GROUP BY 1, 2, 3) c
        WHERE t.wave_pack_id = c.wave_pack_id AND t.dropping_point_id = c.dropping_point_id AND t.shard = c.tally_shard`,
      params,
    );
    await manager.query(
      `UPDATE buyer_quotas q SET ordered_kg = q.ordered_kg - c.kg
         FROM (SELECT c.wave_product_id, o.buyer_id, sum(c.kg) AS kg
                 FROM shortfall_cuts c JOIN orders o ON o.id = c.order_id
                WHERE c.purchase_order_id = $1 AND NOT c.order_cancelled GROUP BY 1, 2) c
        WHERE q.wave_product_id = c.wave_product_id AND q.buyer_id = c.buyer_id`,
      params,
    );
    await manager.query(
      `DELETE FROM order_items i USING shortfall_cuts c
        WHERE c.purchase_order_id = $1 AND NOT c.order_cancelled AND i.id = c.order_item_id AND c.packs_cut = c.packs_before`,
      params,
    );
    await manager.query(
      `UPDATE order_items i SET quantity = i.quantity - c.packs_cut, kg = i.kg - c.kg, amount_rp = i.amount_rp - c.amount_rp
         FROM shortfall_cuts c
        WHERE c.purchase_order_id = $1 AND NOT c.order_cancelled AND i.id = c.order_item_id AND c.packs_cut < c.packs_before`,
      params,
    );
    await manager.query(
      `UPDATE orders o SET total_kg = o.total_kg - c.kg, total_rp = o.total_rp - c.rp
         FROM (SELECT order_id, sum(kg) AS kg, sum(amount_rp) AS rp FROM shortfall_cuts
                WHERE purchase_order_id = $1 AND NOT order_cancelled GROUP BY 1) c
        WHERE o.id = c.order_id`,
      params,
    );
  }

  private async recordAudit(
    manager: EntityManager,
    purchaseOrder: PurchaseOrder,
    affected: AffectedOrder[],
    cuts: PlannedCut[],
    splits: CutSplit[],
    emptied: Set<string>,
  ) {
    for (const order of affected) {
      const own = cuts.filter((cut) => cut.orderId === order.id);
      const ownSplits = splits.filter((_, index) => cuts[index].orderId === order.id);
      const kg = own.reduce((sum, cut) => sum + cut.sizeKg * cut.packsCut, 0);
      const rp = own.reduce((sum, cut) => sum + cut.unitPriceRp * cut.packsCut, 0);
      const cancelled = emptied.has(order.id);
      await this.audit.record(manager, {
        action: cancelled ? 'order.cancelled_for_shortfall' : 'order.reduced_for_shortfall',
        entityType: 'order',
        entityId: order.id,
        orderId: order.id,
        waveId: purchaseOrder.waveId,
        droppingPointId: order.dropping_point_id,
        before: { totalKg: order.total_kg, totalRp: Number(order.total_rp) },
        after: cancelled
          ? { status: 'cancelled', cancelReason: CancelReason.Shortfall }
          : { totalKg: order.total_kg - kg, totalRp: Number(order.total_rp) - rp },
        details: {
          purchaseOrder: purchaseOrder.number,
          cut: own.map((cut) => ({ sizeKg: cut.sizeKg, packsBefore: cut.packsBefore, packsCut: cut.packsCut })),
          refundDueRp: ownSplits.reduce((sum, split) => sum + split.refundDueRp, 0),
          voucherBackRp: ownSplits.reduce((sum, split) => sum + split.voucherBackRp, 0),
        },
      });
    }
  }
}
