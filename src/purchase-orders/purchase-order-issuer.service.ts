import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { wibDate } from '../common/time';
import { DomainEvents } from '../events/domain-events';
import { WaveStateService } from '../waves/wave-state.service';
import { WaveStatus } from '../waves/wave-status.enum';
import { PurchaseOrderLine } from './purchase-order-line.entity';
import { PurchaseOrderShipment } from './purchase-order-shipment.entity';
import { PurchaseOrderStatus } from './purchase-order-status.enum';
import { PurchaseOrder } from './purchase-order.entity';

interface SnapshotRow {
  cooperative_id: string;
  wave_product_id: string;
  wave_pack_id: string;
  size_kg: number;
  price_rp: number;
  dropping_point_id: string;
  packs: number;
}

interface CountRow {
  cooperative_id: string;
  orders: number;
  buyers: number;
}

/**
 * Makes the purchase orders of a wave in the transaction that closes it (it hears wave.closed), so they exist exactly when the wave is closed and are made exactly once.
 *
 * The snapshot is read from the wave's summary tallies, which every order and every cancellation
 * keeps in its own transaction. Locking the wave's tally rows first waits out a cancellation still
 * in flight and holds off any later one until the snapshot is written, so the snapshot is one
 * consistent moment: what changes afterwards shows up as an amendment, never inside it.
 */
@Injectable()
export class PurchaseOrderIssuer implements OnModuleInit {
  private readonly logger = new Logger(PurchaseOrderIssuer.name);

  constructor(
    private readonly waves: WaveStateService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('wave.closed', async (manager, event) => void (await this.issue(manager, { id: event.waveId })));
  }

  async issue(manager: EntityManager, wave: { id: string }): Promise<PurchaseOrder[]> {
    // Point tallies before pack tallies: the order a cancellation updates them in.
    await manager.query('SELECT 1 FROM wave_point_tallies WHERE wave_id = $1 ORDER BY dropping_point_id, shard FOR UPDATE', [wave.id]);
    await manager.query('SELECT 1 FROM wave_pack_tallies WHERE wave_id = $1 ORDER BY wave_pack_id, dropping_point_id, shard FOR UPDATE', [
      wave.id,
    ]);
    const lines: SnapshotRow[] = await manager.query(SNAPSHOT_SQL, [wave.id]);
    if (lines.length === 0) {
      await this.waves.transition(manager, wave.id, WaveStatus.Completed, { from: [WaveStatus.Closed], reason: 'no_orders' });
      return [];
    }
    const cooperatives = new Set(lines.map((line) => line.cooperative_id));
    const counts: CountRow[] = await manager.query(cooperatives.size === 1 ? ONE_COOPERATIVE_COUNTS_SQL : COUNTS_SQL, [wave.id]);
    const [{ now }]: { now: Date }[] = await manager.query('SELECT now() AS now');
    const orders: PurchaseOrder[] = [];
    for (const cooperativeId of [...cooperatives].sort()) {
      const own = lines.filter((line) => line.cooperative_id === cooperativeId);
      const count = counts.find((row) => row.cooperative_id === cooperativeId);
      const id = randomUUID();
      const order = manager.create(PurchaseOrder, {
        id,
        number: `PO-${wibDate(now).replace(/-/g, '')}-${id.slice(0, 8).toUpperCase()}`,
        waveId: wave.id,
        cooperativeId,
        status: PurchaseOrderStatus.Sent,
        issuedAt: now,
        confirmedAt: null,
        confirmedByUserId: null,
        ordersCount: count?.orders ?? 0,
        buyersCount: count?.buyers ?? 0,
        totalKg: own.reduce((sum, line) => sum + line.size_kg * line.packs, 0),
        totalRp: own.reduce((sum, line) => sum + line.price_rp * line.packs, 0),
      });
      await manager.insert(PurchaseOrder, order);
      await manager.insert(
        PurchaseOrderLine,
        own.map((line) => ({
          purchaseOrderId: id,
          waveProductId: line.wave_product_id,
          wavePackId: line.wave_pack_id,
          droppingPointId: line.dropping_point_id,
          sizeKg: line.size_kg,
          priceRp: line.price_rp,
          packs: line.packs,
          kg: line.size_kg * line.packs,
          amountRp: line.price_rp * line.packs,
        })),
      );
      await manager.insert(
        PurchaseOrderShipment,
        [...new Set(own.map((line) => line.dropping_point_id))].map((droppingPointId) => ({ purchaseOrderId: id, droppingPointId })),
      );
      orders.push(order);
      await this.events.publish(manager, { type: 'purchase_order.issued', purchaseOrderId: id, waveId: wave.id });
    }
    await this.waves.transition(manager, wave.id, WaveStatus.Ordered, {
      from: [WaveStatus.Closed],
      data: { purchaseOrders: orders.map((order) => order.number) },
    });
    this.logger.log(`Wave ${wave.id}: ${orders.length} purchase order(s) sent`);
    return orders;
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
