import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PaymentMethod } from '../desk/payment.entity';
import { orderRefundOwedSql } from '../desk/refund-owed';
import { voucherCoveredRpSql } from '../vouchers/voucher-cover';
import { CancelReason, Fulfilment, OrderStatus } from './order-status.enum';
import { Order } from './order.entity';

/** Where and how an order is received: what a buyer may change before paying. */
export interface OrderReceipt {
  droppingPointId: string;
  fulfilment: Fulfilment;
  deliveryAddress: string | null;
  deliveryLatitude: number | null;
  deliveryLongitude: number | null;
}

/** An order locked for its buyer's change, with its wave held. */
export interface ChangeableOrder extends OrderReceipt {
  waveId: string;
  status: OrderStatus;
  tallyShard: number;
  waveOpen: boolean;
}

export interface OrderPaymentRecord {
  method: PaymentMethod;
  amountRp: number;
  reference: string | null;
  receivedAt: Date;
  reversedAt: Date | null;
  reversalReason: string | null;
}

export interface GatewayRefundRecord {
  amountRp: number;
  reason: string;
  settledAt: Date | null;
  settlementReference: string | null;
}

export interface DeskPayoutRecord {
  amountRp: number;
  paidAt: Date;
  note: string | null;
}

/** What the tables that keep an order's money hold for it. */
export interface OrderMoneyRecords {
  payments: OrderPaymentRecord[];
  gatewayRefunds: GatewayRefundRecord[];
  /** What the order itself owes back, net of what the desk paid out (the desk's definition). */
  refundOwedRp: number;
  voucherRp: number;
  /** Paid back in cash at the desk, not against a gateway refund. */
  deskPayouts: DeskPayoutRecord[];
}

/** Packs ordered of one wave pack at one point, from the tallies. */
export interface PackTally {
  wavePackId: string;
  waveProductId: string;
  productName: string;
  sizeKg: number;
  droppingPointId: string;
  packs: number;
}

/** Orders, kg and value at one point of the wave, from the tallies. */
export interface PointTally {
  droppingPointId: string;
  name: string;
  orders: number;
  kg: number;
  valueRp: number;
}

// One statement per change, however many orders: the row lock, the check against the table and
// the write happen together, and the audit trigger writes the history in one INSERT per statement.
const TRANSITION_SQL = `UPDATE orders SET status = $2 WHERE id = ANY ($1) AND status = ANY ($3) RETURNING id`;
const CANCEL_SQL = `UPDATE orders SET status = 'cancelled', cancel_reason = $2, cancelled_at = now()
  WHERE id = ANY ($1) AND status = ANY ($3) RETURNING id`;

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

// The order's counts leave the old point's shard row and join the new point's (created on first
// use, as the order engine does). Rows are touched in the engine's order (pack tallies, then point
// tallies; within each, by key), so a batch and a change rarely wait on each other the other way round.
const MOVE_PACK_TALLIES_SQL = `
WITH moved AS (
  SELECT i.wave_pack_id, p.point, sum(i.quantity) * p.sign AS packs
    FROM order_items i
   CROSS JOIN (VALUES ($4::uuid, -1), ($5::uuid, 1)) AS p(point, sign)
   WHERE i.order_id = $1
   GROUP BY i.wave_pack_id, p.point, p.sign
)
INSERT INTO wave_pack_tallies (wave_pack_id, dropping_point_id, shard, wave_id, packs)
SELECT wave_pack_id, point, $3, $2, greatest(packs, 0) FROM moved ORDER BY wave_pack_id, point
ON CONFLICT (wave_pack_id, dropping_point_id, shard) DO UPDATE
   SET packs = wave_pack_tallies.packs + (SELECT m.packs FROM moved m
                                           WHERE m.wave_pack_id = EXCLUDED.wave_pack_id AND m.point = EXCLUDED.dropping_point_id)`;

const MOVE_POINT_TALLIES_SQL = `
WITH o AS (SELECT total_kg, total_rp FROM orders WHERE id = $1),
moved AS (
  SELECT p.point, p.sign, o.total_kg * p.sign AS kg, o.total_rp * p.sign AS rp
    FROM o CROSS JOIN (VALUES ($4::uuid, -1), ($5::uuid, 1)) AS p(point, sign)
)
INSERT INTO wave_point_tallies (wave_id, dropping_point_id, shard, orders_count, kg, value_rp)
SELECT $2, point, $3, greatest(sign, 0), greatest(kg, 0), greatest(rp, 0) FROM moved ORDER BY point
ON CONFLICT (wave_id, dropping_point_id, shard) DO UPDATE
   SET orders_count = wave_point_tallies.orders_count + (SELECT m.sign FROM moved m WHERE m.point = EXCLUDED.dropping_point_id),
       kg = wave_point_tallies.kg + (SELECT m.kg FROM moved m WHERE m.point = EXCLUDED.dropping_point_id),
       value_rp = wave_point_tallies.value_rp + (SELECT m.rp FROM moved m WHERE m.point = EXCLUDED.dropping_point_id)`;

/** Orders, their items, the buyers' quotas and the wave's summary tallies (the order path's own SQL is in order-batcher and sql/). */
@Injectable()
export class OrdersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Moves those of the orders in one of `from` to `to`; returns the ids that changed. */
  async setStatus(manager: EntityManager, orderIds: string[], to: OrderStatus, from: readonly OrderStatus[]): Promise<string[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, rowCount].
    const [rows]: [{ id: string }[], number] = await manager.query(TRANSITION_SQL, [orderIds, to, from]);
    return rows.map((row) => row.id);
  }

  /** Cancels those of the orders in one of `from`, for `reason`; returns the ids that changed. */
  async cancel(manager: EntityManager, orderIds: string[], reason: CancelReason, from: readonly OrderStatus[]): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await manager.query(CANCEL_SQL, [orderIds, reason, from]);
    return rows.map((row) => row.id);
  }

  async status(manager: EntityManager, orderId: string): Promise<OrderStatus | null> {
    const rows: { status: OrderStatus }[] = await manager.query('SELECT status FROM orders WHERE id = $1', [orderId]);
    return rows[0]?.status ?? null;
  }

  withItems(orderId: string): Promise<Order | null> {
    return this.dataSource.getRepository(Order).findOne({ where: { id: orderId }, relations: { items: true } });
  }

  /** The buyer's latest 200 orders (of one wave when given), newest first. */
  /** The order a buyer placed earlier with this Idempotency-Key, and the hash of what it asked. */
  async byIdempotencyKey(buyerId: string, idempotencyKey: string): Promise<{ id: string; requestHash: string } | null> {
    const rows: { id: string; request_hash: string }[] = await this.dataSource.query(
      'SELECT id, request_hash FROM orders WHERE buyer_id = $1 AND idempotency_key = $2',
      [buyerId, idempotencyKey],
    );
    return rows.length > 0 ? { id: rows[0].id, requestHash: rows[0].request_hash } : null;
  }

  /** Why a wave would not take this buyer's order: its close reason and whether it is open to the buyer's agency; null without the wave. */
  async waveFacing(waveId: string, buyerId: string): Promise<{ closedReason: string | null; eligible: boolean } | null> {
    const rows: { closed_reason: string | null; eligible: boolean }[] = await this.dataSource.query(
      `SELECT w.closed_reason, wave_open_to(w, b.agency) AS eligible
         FROM waves w, buyers b WHERE w.id = $1 AND b.id = $2`,
      [waveId, buyerId],
    );
    return rows.length > 0 ? { closedReason: rows[0].closed_reason, eligible: rows[0].eligible } : null;
  }

  ofBuyer(buyerId: string, waveId?: string): Promise<Order[]> {
    return this.dataSource.getRepository(Order).find({
      where: { buyerId, ...(waveId ? { waveId } : {}) },
      relations: { items: true },
      order: { placedAt: 'DESC' },
      take: 200,
    });
  }

  /** Locks the buyer's order; its status and whether its wave takes orders now. Null when it is not theirs. */
  async lockForBuyer(
    manager: EntityManager,
    orderId: string,
    buyerId: string | null,
  ): Promise<{ status: OrderStatus; waveOpen: boolean } | null> {
    const rows: { status: OrderStatus; wave_open: boolean }[] = await manager.query(
      `SELECT o.status, wave_takes_orders(w, now()) AS wave_open
         FROM orders o JOIN waves w ON w.id = o.wave_id
        WHERE o.id = $1 AND o.buyer_id = $2 FOR UPDATE OF o`,
      [orderId, buyerId],
    );
    return rows.length === 0 ? null : { status: rows[0].status, waveOpen: rows[0].wave_open };
  }

  /** Ids of the wave's orders in one of `statuses`. */
  async idsOfWave(manager: EntityManager, waveId: string, statuses: readonly OrderStatus[]): Promise<string[]> {
    const rows: { id: string }[] = await manager.query('SELECT id FROM orders WHERE wave_id = $1 AND status = ANY ($2)', [
      waveId,
      statuses,
    ]);
    return rows.map((row) => row.id);
  }

  /** Takes the orders' counts, kg, value and packs out of the summary tallies. */
  async subtractFromTallies(manager: EntityManager, orderIds: string[]): Promise<void> {
    await manager.query(SUBTRACT_TALLIES_SQL, [orderIds]);
  }

  /** Gives the orders' kg back to their buyers' quotas. */
  async returnQuota(manager: EntityManager, orderIds: string[]): Promise<void> {
    await manager.query(RETURN_QUOTA_SQL, [orderIds]);
  }

  /**
   * Locks the buyer's order (FOR UPDATE) and holds its wave FOR KEY SHARE, as the order engine does:
   * a closing transition waits for the change. Null when it is not theirs.
   */
  async lockForChange(manager: EntityManager, orderId: string, buyerId: string | null): Promise<ChangeableOrder | null> {
    const rows: {
      wave_id: string;
      status: OrderStatus;
      tally_shard: number;
      wave_open: boolean;
      dropping_point_id: string;
      fulfilment: Fulfilment;
      delivery_address: string | null;
      delivery_latitude: string | null;
      delivery_longitude: string | null;
    }[] = await manager.query(
      `SELECT o.wave_id, o.status, o.tally_shard, o.dropping_point_id, o.fulfilment, o.delivery_address,
              o.delivery_latitude, o.delivery_longitude, wave_takes_orders(w, clock_timestamp()) AS wave_open
         FROM orders o JOIN waves w ON w.id = o.wave_id
        WHERE o.id = $1 AND o.buyer_id = $2
          FOR UPDATE OF o FOR KEY SHARE OF w`,
      [orderId, buyerId],
    );
    if (rows.length === 0) return null;
    const [row] = rows;
    return {
      waveId: row.wave_id,
      status: row.status,
      tallyShard: row.tally_shard,
      waveOpen: row.wave_open,
      droppingPointId: row.dropping_point_id,
      fulfilment: row.fulfilment,
      deliveryAddress: row.delivery_address,
      deliveryLatitude: row.delivery_latitude === null ? null : Number(row.delivery_latitude),
      deliveryLongitude: row.delivery_longitude === null ? null : Number(row.delivery_longitude),
    };
  }

  async setReceipt(manager: EntityManager, orderId: string, receipt: OrderReceipt): Promise<void> {
    await manager.query(
      `UPDATE orders SET dropping_point_id = $2, fulfilment = $3, delivery_address = $4, delivery_latitude = $5, delivery_longitude = $6
        WHERE id = $1`,
      [orderId, receipt.droppingPointId, receipt.fulfilment, receipt.deliveryAddress, receipt.deliveryLatitude, receipt.deliveryLongitude],
    );
  }

  /** Moves the order's packs, count, kg and value from one point's tallies to another's (pack tallies first, as the engine). */
  async moveTallies(
    manager: EntityManager,
    order: { id: string; waveId: string; tallyShard: number },
    fromPointId: string,
    toPointId: string,
  ): Promise<void> {
    const params = [order.id, order.waveId, order.tallyShard, fromPointId, toPointId];
    await manager.query(MOVE_PACK_TALLIES_SQL, params);
    await manager.query(MOVE_POINT_TALLIES_SQL, params);
  }

  /** The buyer's kg ordered of each of the wave products (those with none are left out). */
  async orderedKg(buyerId: string, waveProductIds: string[]): Promise<Map<string, number>> {
    const rows: { wave_product_id: string; ordered_kg: number }[] = await this.dataSource.query(
      'SELECT wave_product_id, ordered_kg FROM buyer_quotas WHERE buyer_id = $1 AND wave_product_id = ANY ($2)',
      [buyerId, waveProductIds],
    );
    return new Map(rows.map((row) => [row.wave_product_id, row.ordered_kg]));
  }

  async moneyRecords(orderId: string): Promise<OrderMoneyRecords> {
    const [payments, gatewayRefunds, owedRows, voucher, deskPaid] = await Promise.all([
      this.dataSource.query<
        {
          method: PaymentMethod;
          amount_rp: string;
          reference: string | null;
          received_at: Date;
          reversed_at: Date | null;
          reversal_reason: string | null;
        }[]
      >(
        `SELECT method, amount_rp, reference, received_at, reversed_at, reversal_reason FROM payments WHERE order_id = $1 ORDER BY received_at`,
        [orderId],
      ),
      this.dataSource.query<{ amount_rp: string; reason: string; settled_at: Date | null; settlement_reference: string | null }[]>(
        'SELECT amount_rp, reason, settled_at, settlement_reference FROM refunds WHERE order_id = $1 ORDER BY created_at',
        [orderId],
      ),
      // The desk's one definition of what the order itself owes back (net of what the desk paid out).
      this.dataSource.query<{ rp: string }[]>(`SELECT ${orderRefundOwedSql('o')} AS rp FROM orders o WHERE o.id = $1`, [orderId]),
      this.dataSource.query<{ rp: string }[]>(`SELECT ${voucherCoveredRpSql('$1')} AS rp`, [orderId]),
      // Paid back in cash at the desk (src/desk refund payouts); a gateway refund's payout settles the refund itself.
      this.dataSource.query<{ amount_rp: string; paid_at: Date; note: string | null }[]>(
        'SELECT amount_rp, paid_at, note FROM refund_payouts WHERE order_id = $1 AND refund_id IS NULL ORDER BY paid_at',
        [orderId],
      ),
    ]);
    return {
      payments: payments.map((row) => ({
        method: row.method,
        amountRp: Number(row.amount_rp),
        reference: row.reference,
        receivedAt: row.received_at,
        reversedAt: row.reversed_at,
        reversalReason: row.reversal_reason,
      })),
      gatewayRefunds: gatewayRefunds.map((row) => ({
        amountRp: Number(row.amount_rp),
        reason: row.reason,
        settledAt: row.settled_at,
        settlementReference: row.settlement_reference,
      })),
      refundOwedRp: Number(owedRows[0]?.rp ?? 0),
      voucherRp: Number(voucher[0].rp),
      deskPayouts: deskPaid.map((row) => ({ amountRp: Number(row.amount_rp), paidAt: row.paid_at, note: row.note })),
    };
  }

  /** The wave's pack tallies summed over shards, per pack and point. */
  async packTallies(waveId: string): Promise<PackTally[]> {
    const rows: {
      wave_pack_id: string;
      wave_product_id: string;
      product_name: string;
      size_kg: number;
      dropping_point_id: string;
      packs: string;
    }[] = await this.dataSource.query(
      `SELECT t.wave_pack_id, p.wave_product_id, pr.name AS product_name, p.size_kg, t.dropping_point_id, sum(t.packs) AS packs
           FROM wave_pack_tallies t JOIN wave_packs p ON p.id = t.wave_pack_id
           JOIN wave_products wp ON wp.id = p.wave_product_id JOIN products pr ON pr.id = wp.product_id
          WHERE t.wave_id = $1 GROUP BY 1, 2, 3, 4, 5`,
      [waveId],
    );
    return rows.map((row) => ({
      wavePackId: row.wave_pack_id,
      waveProductId: row.wave_product_id,
      productName: row.product_name,
      sizeKg: row.size_kg,
      droppingPointId: row.dropping_point_id,
      packs: Number(row.packs),
    }));
  }

  /** Every point of the wave with its point tallies summed over shards, by name. */
  async pointTallies(waveId: string): Promise<PointTally[]> {
    const rows: { dropping_point_id: string; name: string; orders: string; kg: string; value_rp: string }[] = await this.dataSource.query(
      `SELECT dp.id AS dropping_point_id, dp.name, coalesce(sum(t.orders_count), 0) AS orders, coalesce(sum(t.kg), 0) AS kg,
              coalesce(sum(t.value_rp), 0) AS value_rp
         FROM wave_dropping_points wdp JOIN dropping_points dp ON dp.id = wdp.dropping_point_id
         LEFT JOIN wave_point_tallies t ON t.wave_id = wdp.wave_id AND t.dropping_point_id = dp.id
        WHERE wdp.wave_id = $1 GROUP BY 1, 2 ORDER BY 2`,
      [waveId],
    );
    return rows.map((row) => ({
      droppingPointId: row.dropping_point_id,
      name: row.name,
      orders: Number(row.orders),
      kg: Number(row.kg),
      valueRp: Number(row.value_rp),
    }));
  }

  /**
   * Takes the purchase order's recorded cuts of orders that keep something out of everything that
   * counted them: the wave's tallies, the buyers' quotas, the order lines and totals.
   */
  async applyShortfallCuts(manager: EntityManager, purchaseOrderId: string): Promise<void> {
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
}
