import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { OrderStateService } from './order-state.service';
import { CancelReason, OrderStatus } from './order-status.enum';

/** Statuses from which an order may still be cancelled (goods not yet handed over or on their way). */
export const CANCELLABLE: readonly OrderStatus[] = [OrderStatus.Placed, OrderStatus.Paid, OrderStatus.Ready];

/**
 * Cancels orders and undoes what placing them did: their kg go back to the wave's capacity (when
 * `returnCapacity`), out of the buyer's quota, and out of the summary tallies. Used by a buyer's
 * cancellation, the payment deadline, shortfalls and a cancelled wave alike.
 */
@Injectable()
export class OrderReleaseService {
  constructor(private readonly state: OrderStateService) {}

  async cancel(manager: EntityManager, orderIds: string[], reason: CancelReason, returnCapacity: boolean): Promise<string[]> {
    return this.state.transition(manager, orderIds, OrderStatus.Cancelled, {
      reason,
      from: CANCELLABLE,
      effects: async (ids) => {
        await manager.query(SUBTRACT_TALLIES_SQL, [ids]);
        await manager.query(RETURN_QUOTA_SQL, [ids]);
        if (returnCapacity) await manager.query(RETURN_CAPACITY_SQL, [ids, randomInt(1 << 30)]);
      },
    });
  }
}

const SUBTRACT_TALLIES_SQL = `
WITH point AS (
  UPDATE wave_point_tallies t SET orders_count = t.orders_count - o.n, kg = t.kg - o.kg, value_rp = t.value_rp - o.rp
    FROM (SELECT wave_id, dropping_point_id, tally_shard, count(*) AS n, sum(total_kg) AS kg, sum(total_rp) AS rp
            FROM orders WHERE id = ANY ($1) GROUP BY 1, 2, 3) o
   WHERE t.wave_id = o.wave_id AND t.dropping_point_id = o.dropping_point_id AND t.shard = o.tally_shard
)
UPDATE wave_pack_tallies t SET packs = t.packs - i.packs
  FROM (SELECT i.wave_pack_id, o.dropping_point_id, o.tally_shard, sum(i.quantity) AS packs
          FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.id = ANY ($1) GROUP BY 1, 2, 3) i
 WHERE t.wave_pack_id = i.wave_pack_id AND t.dropping_point_id = i.dropping_point_id AND t.shard = i.tally_shard`;

const RETURN_QUOTA_SQL = `
UPDATE buyer_quotas q SET ordered_kg = q.ordered_kg - i.kg
  FROM (SELECT i.wave_product_id, o.buyer_id, sum(i.kg) AS kg
          FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.id = ANY ($1) GROUP BY 1, 2) i
 WHERE q.wave_product_id = i.wave_product_id AND q.buyer_id = i.buyer_id`;

/** Returned kg go to one slice per product, chosen by the seed, so cancellations spread like orders. */
const RETURN_CAPACITY_SQL = `
UPDATE wave_capacity_slices s SET remaining_kg = s.remaining_kg + r.kg
  FROM (SELECT i.wave_product_id, wp.slice_count, sum(i.kg) AS kg
          FROM order_items i JOIN wave_products wp ON wp.id = i.wave_product_id
         WHERE i.order_id = ANY ($1) GROUP BY 1, 2) r
 WHERE s.wave_product_id = r.wave_product_id AND s.slice_no = $2::int % r.slice_count`;
