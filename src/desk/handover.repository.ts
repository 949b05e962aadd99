import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderStatus } from '../orders/order-status.enum';
import type { PackQuantity } from './receipts.repository';

export interface PackLine {
  packId: string;
  sizeKg: number;
  quantity: number;
  productName?: string;
}

/**
 * The packs of an order that reached its buyer before the whole order did, as JSON
 * [{packId, quantity}]: partial hand-overs at the desk and delivered courier trips. SQL over the
 * order id expression `orderId`.
 */
export function handedInPartSql(orderId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('packId', x.pack_id, 'quantity', x.quantity)), '[]') FROM (
      SELECT h.wave_pack_id AS pack_id, h.quantity FROM handover_packs h WHERE h.order_id = ${orderId}
      UNION ALL
      SELECT (p ->> 'packId')::uuid, (p ->> 'quantity')::int
        FROM delivery_trips t CROSS JOIN jsonb_array_elements(t.packs) p
       WHERE t.order_id = ${orderId} AND t.status = 'delivered') x)`;
}

/** What an order needs to say how much of it the buyer has. */
export interface OrderGoods {
  status: OrderStatus;
  items: PackLine[];
  handedInPart: PackQuantity[];
}

/** Hand-overs at the desk: whole orders (order_handovers) and packs given before the whole order (handover_packs). */
@Injectable()
export class HandoverRepository {
  /** Per pack of the order, what was ordered less what partial hand-overs gave (0 once given in full). */
  async packsOwed(manager: EntityManager, orderId: string): Promise<Map<string, number>> {
    const rows: { pack_id: string; owed: number }[] = await manager.query(
      `SELECT i.wave_pack_id AS pack_id, i.quantity - coalesce((SELECT sum(h.quantity) FROM handover_packs h
                                                                 WHERE h.order_id = i.order_id AND h.wave_pack_id = i.wave_pack_id), 0)::int AS owed
         FROM order_items i WHERE i.order_id = $1`,
      [orderId],
    );
    return new Map(rows.map((row) => [row.pack_id, row.owed]));
  }

  /** Whether some packs of the order reached the buyer already (a partial hand-over, a delivered trip). */
  async handedInPart(manager: EntityManager, orderId: string): Promise<boolean> {
    const [{ partly }]: { partly: boolean }[] = await manager.query(
      `SELECT ${handedInPartSql('$1::uuid')}::jsonb <> '[]'::jsonb AS partly`,
      [orderId],
    );
    return partly;
  }

  async addPartial(
    manager: EntityManager,
    handover: { orderId: string; waveId: string; pointId: string; handedOverById: string; packs: PackQuantity[] },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO handover_packs (order_id, wave_id, dropping_point_id, wave_pack_id, quantity, handed_over_by_id)
       SELECT $1, $2, $3, x.pack_id, x.quantity, $4 FROM unnest($5::uuid[], $6::int[]) AS x(pack_id, quantity)`,
      [
        handover.orderId,
        handover.waveId,
        handover.pointId,
        handover.handedOverById,
        handover.packs.map((pack) => pack.packId),
        handover.packs.map((pack) => pack.quantity),
      ],
    );
  }

  /** The whole order handed over; the primary key refuses a second hand-over. */
  async add(manager: EntityManager, handover: { orderId: string; waveId: string; pointId: string; handedOverById: string }): Promise<void> {
    await manager.query(`INSERT INTO order_handovers (order_id, wave_id, dropping_point_id, handed_over_by_id) VALUES ($1, $2, $3, $4)`, [
      handover.orderId,
      handover.waveId,
      handover.pointId,
      handover.handedOverById,
    ]);
  }

  /** The order's status, its packs by size, and the packs that reached the buyer before the whole order. */
  async goodsOf(manager: EntityManager, orderId: string): Promise<OrderGoods> {
    const [row]: { status: OrderStatus; items: PackLine[] | null; handed: PackQuantity[] }[] = await manager.query(
      `SELECT o.status,
              (SELECT json_agg(json_build_object('packId', i.wave_pack_id, 'sizeKg', i.size_kg, 'quantity', i.quantity) ORDER BY i.size_kg)
                 FROM order_items i WHERE i.order_id = o.id) AS items,
              ${handedInPartSql('o.id')} AS handed
         FROM orders o WHERE o.id = $1`,
      [orderId],
    );
    return { status: row.status, items: row.items ?? [], handedInPart: row.handed };
  }
}
