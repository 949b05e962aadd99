import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderStatus } from '../orders/order-status.enum';
import { GOODS_ALLOCATED_STATES } from '../orders/order-transitions';
import { PackCounts, ReadyCandidate } from './stock';

/** The packs at a dropping point for a wave, and the paid orders waiting for them; read under the desk lock. */
@Injectable()
export class StockRepository {
  /** Packs at the point for the wave, per wave pack: received, plus moved in from other points, minus moved out; empty when none came. */
  async atPoint(manager: EntityManager, waveId: string, pointId: string): Promise<PackCounts> {
    const rows: { wave_pack_id: string; packs: number }[] = await manager.query(
      `${POINT_STOCK_SQL} SELECT wave_pack_id, packs FROM stock`,
      [waveId, pointId],
    );
    return new Map(rows.map((row) => [row.wave_pack_id, row.packs]));
  }

  /** Whether the point's stock for the wave was recorded at all (a receipt, or packs moved in or out). */
  async recorded(manager: EntityManager, waveId: string, pointId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM goods_receipts WHERE wave_id = $1 AND dropping_point_id = $2
       UNION ALL SELECT 1 FROM stock_transfers WHERE wave_id = $1 AND (from_point_id = $2 OR to_point_id = $2) LIMIT 1`,
      [waveId, pointId],
    );
    return rows.length > 0;
  }

  /**
   * Packs promised to orders that are ready or already handed over, and packs handed over in part
   * to orders not yet handed over in full, per wave pack.
   */
  async allocated(manager: EntityManager, waveId: string, pointId: string): Promise<PackCounts> {
    const rows: { wave_pack_id: string; packs: number }[] = await manager.query(
      `SELECT wave_pack_id, sum(packs)::int AS packs FROM (
         SELECT i.wave_pack_id, i.quantity AS packs
           FROM order_items i JOIN orders o ON o.id = i.order_id
          WHERE o.wave_id = $1 AND o.dropping_point_id = $2 AND o.status = ANY ($3)
         UNION ALL
         SELECT h.wave_pack_id, h.quantity
           FROM handover_packs h JOIN orders o ON o.id = h.order_id
          WHERE h.wave_id = $1 AND h.dropping_point_id = $2 AND NOT o.status = ANY ($3)) a
        GROUP BY 1`,
      [waveId, pointId, GOODS_ALLOCATED_STATES],
    );
    return new Map(rows.map((row) => [row.wave_pack_id, row.packs]));
  }

  /** Paid orders, first paid first, each with the packs it still needs (what a partial hand-over gave is not needed again). */
  paidOrdersFirstPaidFirst(manager: EntityManager, waveId: string, pointId: string, onlyOrderIds?: string[]): Promise<ReadyCandidate[]> {
    return manager.query(
      `SELECT o.id, json_agg(json_build_object('packId', i.wave_pack_id, 'quantity', i.quantity - coalesce(h.packs, 0))) AS items
         FROM orders o
         JOIN order_items i ON i.order_id = o.id
         LEFT JOIN (SELECT order_id, wave_pack_id, sum(quantity)::int AS packs FROM handover_packs GROUP BY 1, 2) h
                ON h.order_id = o.id AND h.wave_pack_id = i.wave_pack_id
         LEFT JOIN payments p ON p.order_id = o.id AND p.reversed_at IS NULL
        WHERE o.wave_id = $1 AND o.dropping_point_id = $2 AND o.status = $3 AND ($4::uuid[] IS NULL OR o.id = ANY ($4))
        GROUP BY o.id, p.received_at, o.placed_at
        ORDER BY p.received_at NULLS LAST, o.placed_at, o.id`,
      [waveId, pointId, OrderStatus.Paid, onlyOrderIds ?? null],
    );
  }
}

/**
 * The packs at a point for a wave ($1 wave, $2 point) as a CTE named `stock` (wave_pack_id, packs):
 * what the cooperative delivered there, plus surplus moved in from other points, minus moved out.
 */
const POINT_STOCK_SQL = `
WITH stock AS (
  SELECT wave_pack_id, sum(packs)::int AS packs FROM (
    SELECT i.wave_pack_id, i.quantity AS packs FROM goods_receipt_items i JOIN goods_receipts r ON r.id = i.receipt_id
     WHERE r.wave_id = $1 AND r.dropping_point_id = $2
    UNION ALL
    SELECT i.wave_pack_id, i.quantity FROM stock_transfer_items i JOIN stock_transfers t ON t.id = i.transfer_id
     WHERE t.wave_id = $1 AND t.to_point_id = $2
    UNION ALL
    SELECT i.wave_pack_id, -i.quantity FROM stock_transfer_items i JOIN stock_transfers t ON t.id = i.transfer_id
     WHERE t.wave_id = $1 AND t.from_point_id = $2) moves
  GROUP BY 1)`;
