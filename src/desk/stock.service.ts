import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderStateService } from '../orders/order-state.service';
import { OrderStatus } from '../orders/order-status.enum';
import { GOODS_ALLOCATED_STATES } from '../orders/order-transitions';
import { availablePacks, chooseReady, PackCounts, ReadyCandidate } from './stock';

/**
 * How paid orders become ready: an order is ready when the goods for it are at its dropping
 * point. A goods receipt makes the point's paid orders ready, first paid first served, as far as
 * the packs that arrived go (a shortfall leaves the last ones paid, waiting); a payment recorded
 * after the goods arrived makes its order ready at once if its packs are there. Callers hold the
 * desk lock of the wave and point (DeskTransactions), so two of these never count the same packs.
 */
@Injectable()
export class StockService {
  constructor(private readonly orderState: OrderStateService) {}

  /** Packs received at the point for the wave, per wave pack; empty when no receipt was recorded. */
  async received(manager: EntityManager, waveId: string, pointId: string): Promise<PackCounts> {
    const rows: { wave_pack_id: string; packs: number }[] = await manager.query(
      `SELECT i.wave_pack_id, sum(i.quantity)::int AS packs
         FROM goods_receipt_items i JOIN goods_receipts r ON r.id = i.receipt_id
        WHERE r.wave_id = $1 AND r.dropping_point_id = $2 GROUP BY 1`,
      [waveId, pointId],
    );
    return new Map(rows.map((row) => [row.wave_pack_id, row.packs]));
  }

  async hasReceipt(manager: EntityManager, waveId: string, pointId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM goods_receipts WHERE wave_id = $1 AND dropping_point_id = $2 LIMIT 1', [
      waveId,
      pointId,
    ]);
    return rows.length > 0;
  }

  /** Makes paid orders of the point ready while the received packs last; returns the ids made ready. */
  async makeReady(manager: EntityManager, waveId: string, pointId: string, onlyOrderIds?: string[]): Promise<string[]> {
    const received = await this.received(manager, waveId, pointId);
    if (received.size === 0) return [];
    const candidates = await this.paidOrders(manager, waveId, pointId, onlyOrderIds);
    if (candidates.length === 0) return [];
    const chosen = chooseReady(availablePacks(received, await this.allocated(manager, waveId, pointId)), candidates);
    if (chosen.length === 0) return [];
    return this.orderState.transition(manager, chosen, OrderStatus.Ready, { from: [OrderStatus.Paid] });
  }

  /** Packs promised to orders that are ready or already handed over, per wave pack. */
  private async allocated(manager: EntityManager, waveId: string, pointId: string): Promise<PackCounts> {
    const rows: { wave_pack_id: string; packs: number }[] = await manager.query(
      `SELECT i.wave_pack_id, sum(i.quantity)::int AS packs
         FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE o.wave_id = $1 AND o.dropping_point_id = $2 AND o.status = ANY ($3) GROUP BY 1`,
      [waveId, pointId, GOODS_ALLOCATED_STATES],
    );
    return new Map(rows.map((row) => [row.wave_pack_id, row.packs]));
  }

  private async paidOrders(manager: EntityManager, waveId: string, pointId: string, onlyOrderIds?: string[]): Promise<ReadyCandidate[]> {
    const rows: { id: string; items: { packId: string; quantity: number }[] }[] = await manager.query(
      `SELECT o.id, json_agg(json_build_object('packId', i.wave_pack_id, 'quantity', i.quantity)) AS items
         FROM orders o
         JOIN order_items i ON i.order_id = o.id
         LEFT JOIN payments p ON p.order_id = o.id AND p.reversed_at IS NULL
        WHERE o.wave_id = $1 AND o.dropping_point_id = $2 AND o.status = $3 AND ($4::uuid[] IS NULL OR o.id = ANY ($4))
        GROUP BY o.id, p.received_at, o.placed_at
        ORDER BY p.received_at NULLS LAST, o.placed_at, o.id`,
      [waveId, pointId, OrderStatus.Paid, onlyOrderIds ?? null],
    );
    return rows;
  }
}
