import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { pgPool } from '../database/pg-pool';

/** Tallies are spread over this many rows per wave and point (see WavePointTally). */
export const TALLY_SHARDS = 64;
/** Each order in a batch is a subtransaction; PostgreSQL caches 64 per backend before slowing down. */
export const MAX_BATCH_ORDERS = 48;

/** One order as place_order_batch reads it: the names are the function's record columns. */
export interface BatchOrder {
  id: string;
  wave_id: string;
  buyer_id: string;
  dropping_point_id: string;
  fulfilment: string;
  delivery_address: string | null;
  delivery_latitude: number | null;
  delivery_longitude: number | null;
  pickup_code: string;
  total_kg: number;
  total_rp: number;
  idempotency_key: string | null;
  request_hash: string;
  /** One per wave product; start_no is where the search for a slice with room begins. */
  products: { wave_product_id: string; kg: number; limit_kg: number; start_no: number }[];
  items: {
    wave_pack_id: string;
    wave_product_id: string;
    size_kg: number;
    quantity: number;
    unit_price_rp: number;
    kg: number;
    amount_rp: number;
  }[];
}

/**
 * What the batch did with one order: 'placed'; 'limit' (the buyer's limit) and 'sold_out' (not
 * even all slices together hold it) are refusals. The rest the one-order path takes over:
 * 'refused' (not inserted: closed wave, agency, replay) to explain, 'short' (no slice free of
 * other batches held the kg) and 'retry' (taken pickup code, failed batch) to try alone.
 */
export type BatchOutcome = { kind: 'placed'; placedAt: Date; shard: number } | { kind: Exclude<BatchRow['batch_outcome'], 'placed'> };

interface Pending {
  order: BatchOrder;
  settle: (outcome: BatchOutcome) => void;
}

interface BatchRow {
  batch_order_id: string;
  batch_outcome: 'placed' | 'refused' | 'limit' | 'sold_out' | 'short' | 'retry';
  batch_placed_at: Date | null;
}

/**
 * Group commit for the order path. In the minute a wave opens, a round trip and a commit per order
 * cost more (in the API process and in PostgreSQL) than the rows themselves, so orders that arrive
 * together go to place_order_batch together: one statement, one commit, one answer per order, and
 * every 201 still waits for its commit. Nothing waits on a timer: a batch leaves as soon as a slot is
 * free, so a lone order goes alone at once and batches grow only when orders queue up. Half the
 * database pool at most is used for batches, so other requests keep connections.
 */
@Injectable()
export class OrderBatcher {
  private readonly logger = new Logger(OrderBatcher.name);
  private readonly maxInFlight: number;
  private queue: Pending[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private received = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    env: Environment,
  ) {
    this.maxInFlight = Math.max(1, Math.floor(env.DATABASE_POOL_SIZE / 2));
  }

  /** `again`: an order a batch sent back as 'short' goes first in the next batch. */
  place(order: BatchOrder, again = false): Promise<BatchOutcome> {
    this.received += 1;
    return new Promise((settle) => {
      if (again) this.queue.unshift({ order, settle });
      else this.queue.push({ order, settle });
      this.scheduleFlush();
    });
  }

  /** Orders this process was asked to place since it started: how busy the order path is, for work that yields to it. */
  get ordersReceived(): number {
    return this.received;
  }

  /** After the current I/O phase, so every request read in it joins the same batch. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.queue.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.queue.splice(0, MAX_BATCH_ORDERS);
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.scheduleFlush();
      });
    }
  }

  /** One order that waits for its locks instead of skipping them: never 'short'. */
  async placeAlone(order: BatchOrder, shard: number): Promise<BatchOutcome> {
    const [row] = await this.run([order], shard, true);
    return outcomeOf(row, shard);
  }

  private async send(batch: Pending[]): Promise<void> {
    // Buyers in id order: two batches lock buyer quota rows in the same order, so never in a circle.
    batch.sort((a, b) => (a.order.buyer_id < b.order.buyer_id ? -1 : a.order.buyer_id > b.order.buyer_id ? 1 : 0));
    const shard = randomInt(TALLY_SHARDS);
    let rows: BatchRow[];
    try {
      rows = await this.run(
        batch.map((pending) => pending.order),
        shard,
        false,
      );
    } catch (error) {
      // A deadlock with a waiting order, a lost connection: each order then goes alone.
      this.logger.warn({ err: error, orders: batch.length }, 'Order batch failed; placing its orders one by one');
      for (const pending of batch) pending.settle({ kind: 'retry' });
      return;
    }
    const outcomes = new Map(rows.map((row) => [row.batch_order_id, row]));
    for (const pending of batch) pending.settle(outcomeOf(outcomes.get(pending.order.id), shard));
  }

  private async run(orders: BatchOrder[], shard: number, wait: boolean): Promise<BatchRow[]> {
    const result = await pgPool(this.dataSource).query<BatchRow>({
      // Two prepared statements of the same text, so a waiting order is told apart in the logs.
      name: wait ? 'place-order' : 'place-order-batch',
      text: 'SELECT * FROM place_order_batch($1::jsonb)',
      values: [JSON.stringify({ shard, wait, orders })],
    });
    return result.rows;
  }
}

function outcomeOf(row: BatchRow | undefined, shard: number): BatchOutcome {
  if (!row) return { kind: 'retry' };
  if (row.batch_outcome === 'placed') return { kind: 'placed', placedAt: row.batch_placed_at!, shard };
  return { kind: row.batch_outcome };
}
