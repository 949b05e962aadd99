import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { DomainEvents } from '../events/domain-events';
import { OrdersRepository } from '../orders/orders.repository';
import { OrderReleaseService } from '../orders/order-release.service';
import { CancelReason, OrderStatus } from '../orders/order-status.enum';
import type { PurchaseOrder } from './purchase-order.entity';
import { allocateShortfall, CuttableOrder, LineCut } from './shortfall-allocation';
import { AffectedOrder, NewShortfall, ShortfallRepository } from './shortfall.repository';
import { VouchersService } from '../vouchers/vouchers.service';

export interface ShortfallRequest {
  productId: string;
  kg: number;
}

/** Orders a shortfall may still cut: the goods have not been set aside for them yet. */
const CUTTABLE: readonly OrderStatus[] = [OrderStatus.Placed, OrderStatus.Paid];
const BATCH = 500;

interface PlannedCut extends LineCut {
  shortfallId: string;
  waveProductId: string;
  wavePackId: string;
  unitPriceRp: number;
  orderPaid: boolean;
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
    private readonly repository: ShortfallRepository,
    private readonly release: OrderReleaseService,
    private readonly orders: OrdersRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly vouchers: VouchersService,
  ) {}

  async apply(manager: EntityManager, purchaseOrder: PurchaseOrder, requests: ShortfallRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const offers = await this.repository.offeredProducts(manager, purchaseOrder);
    const seen = new Set<string>();
    const shortfalls: NewShortfall[] = [];
    const cuts: PlannedCut[] = [];
    for (const [index, request] of requests.entries()) {
      const offer = offers.find((candidate) => candidate.productId === request.productId);
      if (!offer) throw DomainError.validation(`shortfalls.${index}.productId`, 'productId is not a product of this purchase order');
      if (seen.has(offer.waveProductId))
        throw DomainError.validation(`shortfalls.${index}.productId`, 'shortfalls must not repeat a productId');
      seen.add(offer.waveProductId);
      const shortfallId = randomUUID();
      const planned = await this.plan(manager, purchaseOrder.waveId, offer.waveProductId, shortfallId, request.kg);
      if (planned.uncoveredKg > 0) {
        throw DomainError.validation(
          `shortfalls.${index}.kg`,
          `kg exceeds the ${request.kg - planned.uncoveredKg} kg of ${offer.name} that orders still wait for`,
        );
      }
      cuts.push(...planned.cuts);
      shortfalls.push({
        id: shortfallId,
        purchaseOrderId: purchaseOrder.id,
        waveProductId: offer.waveProductId,
        requestedKg: request.kg,
        cutKg: planned.cuts.reduce((sum, cut) => sum + cut.sizeKg * cut.packsCut, 0),
        ordersReduced: 0,
        ordersCancelled: 0,
      });
    }

    const affected = await this.repository.affectedOrders(manager, [...new Set(cuts.map((cut) => cut.orderId))]);
    const cutPacks = new Map(cuts.map((cut) => [cut.itemId, cut.packsCut]));
    const emptied = new Set(
      affected.filter((order) => order.items.every((item) => cutPacks.get(item.id) === item.quantity)).map((order) => order.id),
    );
    for (const shortfall of shortfalls) {
      const own = new Set(cuts.filter((cut) => cut.shortfallId === shortfall.id).map((cut) => cut.orderId));
      shortfall.ordersCancelled = [...own].filter((id) => emptied.has(id)).length;
      shortfall.ordersReduced = own.size - shortfall.ordersCancelled;
    }
    await this.repository.insertShortfalls(manager, shortfalls);
    if (cuts.length === 0) return;
    const pointOf = new Map(affected.map((order) => [order.id, order.droppingPointId]));
    const split = this.split(affected, cuts);
    await this.repository.insertCuts(
      manager,
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
    await this.orders.applyShortfallCuts(manager, purchaseOrder.id);
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
    const products = await this.repository.productsInWave(manager, waveId);
    while (missing > 0) {
      const rows = await this.repository.lockLatestOrders(manager, {
        waveId,
        statuses: CUTTABLE,
        waveProductId,
        onlyProduct: products === 1,
        after,
        limit: BATCH,
      });
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const items = await this.repository.linesOfProduct(
        manager,
        rows.map((row) => row.id),
        waveProductId,
      );
      const byItem = new Map(items.map((item) => [item.id, item]));
      const status = new Map(rows.map((row) => [row.id, row.status]));
      const orders: CuttableOrder[] = rows.map((row) => ({
        orderId: row.id,
        lines: items
          .filter((item) => item.orderId === row.id)
          .map((item) => ({ itemId: item.id, sizeKg: item.sizeKg, quantity: item.quantity })),
      }));
      const allocation = allocateShortfall(orders, missing);
      for (const cut of allocation.cuts) {
        const item = byItem.get(cut.itemId)!;
        cuts.push({
          ...cut,
          shortfallId,
          waveProductId,
          wavePackId: item.wavePackId,
          unitPriceRp: item.unitPriceRp,
          orderPaid: status.get(cut.orderId) === OrderStatus.Paid,
        });
      }
      missing = allocation.uncoveredKg;
    }
    return { cuts, uncoveredKg: missing };
  }

  /** Each cut's split between money owed back and voucher value given back, per order in the order of the cuts. */
  private split(affected: AffectedOrder[], cuts: PlannedCut[]) {
    const result: CutSplit[] = new Array<CutSplit>(cuts.length);
    const voucherLeft = new Map<string, number>();
    for (const order of affected) {
      const indexes = cuts.flatMap((cut, index) => (cut.orderId === order.id ? [index] : []));
      const totalRp = order.totalRp;
      // A voucher that paid the whole order is its part of all of it.
      const voucherRp = order.voucherPaymentId ? totalRp : (order.voucherRp ?? 0);
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
      if (!order.redemptionId || emptied.has(order.id)) continue;
      const left = voucherLeft.get(order.id)!;
      if (left === (order.voucherRp ?? 0)) continue;
      await this.vouchers.shrink(manager, order.redemptionId, order.voucherPaymentId, left);
    }
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
        droppingPointId: order.droppingPointId,
        before: { totalKg: order.totalKg, totalRp: order.totalRp },
        after: cancelled
          ? { status: 'cancelled', cancelReason: CancelReason.Shortfall }
          : { totalKg: order.totalKg - kg, totalRp: order.totalRp - rp },
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
