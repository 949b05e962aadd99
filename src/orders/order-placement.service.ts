import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { pgPool } from '../database/pg-pool';
import { PgError, pgConstraint, pgErrorCode, uniqueViolationColumns } from '../common/postgres-errors';
import { takeAcrossSlices } from '../waves/capacity-slices';
import { WaveLifecycleService } from '../waves/wave-lifecycle.service';
import { PlaceOrderDto } from './dto/place-order.dto';
import { BatchOrder, OrderBatcher, TALLY_SHARDS } from './order-batcher';
import { buyerLimitExceeded, capacityExceeded, PricedOrder, priceOrder, ProductDemand } from './order-lines';
import { Fulfilment, OrderStatus } from './order-status.enum';
import { OrderItem } from './order-item.entity';
import { Order } from './order.entity';
import { newPickupCode } from './pickup-code';
import { WaveOfferCache } from './wave-offer.cache';

const MAX_ATTEMPTS = 4;
const SHORT_AGAIN = 3;

export interface Placement {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key made this order. */
  replayed: boolean;
}

interface Attempt {
  orderId: string;
  waveId: string;
  buyerId: string;
  dto: PlaceOrderDto;
  priced: PricedOrder;
  idempotencyKey: string | null;
  requestHash: string;
  shard: number;
  pickupCode: string;
}

/**
 * The order path the wave-opening rush runs through. The order is priced from the wave's offer in
 * memory, then placed with the orders that arrive with it in one batch (OrderBatcher and
 * place_order_batch: one statement and one commit for many orders). Whatever a batch could not
 * settle goes alone, in one short transaction of the same steps:
 *   1. insert the order, only if the wave is open (database clock) and the buyer's agency may order;
 *      the Idempotency-Key unique index makes a retry find the first order instead;
 *   2. add to the buyer's quota row (a CHECK enforces the per-buyer limit) and write the items;
 *   3. last, so their locks are held briefly: take the kg from one capacity slice per product,
 *      the first with room going round from a random one (no shared hot row), falling back to
 *      spreading it over all slices when none holds it alone; then add to the sharded tallies.
 * Every rule is also a constraint, so concurrency can never oversell or exceed a limit.
 */
@Injectable()
export class OrderPlacementService {
  private readonly logger = new Logger(OrderPlacementService.name);
  private readonly soldOutChecks = new Map<string, Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: WaveOfferCache,
    private readonly lifecycle: WaveLifecycleService,
    private readonly batcher: OrderBatcher,
  ) {}

  async place(waveId: string, user: AuthUser, dto: PlaceOrderDto, idempotencyKey: string | null): Promise<Placement> {
    const offer = await this.offers.get(waveId);
    if (!offer.droppingPointIds.has(dto.droppingPointId)) {
      throw DomainError.validation('droppingPointId', 'droppingPointId is not a dropping point of this wave');
    }
    const priced = priceOrder(offer, dto.items);
    const attempt: Attempt = {
      orderId: randomUUID(),
      waveId,
      buyerId: user.buyerId!,
      dto,
      priced,
      idempotencyKey,
      requestHash: requestHash(waveId, dto),
      shard: randomInt(TALLY_SHARDS),
      pickupCode: newPickupCode(),
    };
    const order = batchOrder(attempt);
    let batched = await this.batcher.place(order);
    // 'short': the capacity it needs is held by batches in flight; once they commit, it is either
    // free again or sold, and the next batch can tell.
    for (let again = 1; batched.kind === 'short' && again <= SHORT_AGAIN; again++) batched = await this.batcher.place(order, true);
    switch (batched.kind) {
      case 'placed':
        attempt.shard = batched.shard;
        return { order: placedOrder(attempt, batched.placedAt), replayed: false };
      case 'limit':
        throw buyerLimitExceeded();
      case 'refused':
        return this.explainRefusal(attempt);
      case 'sold_out':
        this.checkSoldOut(attempt.waveId);
        throw capacityExceeded();
      case 'short':
        return this.placeAlone(attempt);
      case 'retry':
        attempt.pickupCode = newPickupCode();
        return this.placeAlone(attempt).catch((error) => this.placedByLostBatch(attempt, error));
    }
  }

  /**
   * A batch whose answer was lost (its connection dropped after the commit) may have placed the
   * order after all: the order's id is then taken, and that order stands, not a second one.
   */
  private async placedByLostBatch(attempt: Attempt, error: unknown): Promise<Placement> {
    if (uniqueViolationColumns(error) !== 'id') throw error;
    const order = await this.dataSource.getRepository(Order).findOneOrFail({ where: { id: attempt.orderId }, relations: { items: true } });
    return { order, replayed: false };
  }

  /** One order in its own transaction: what a batch hands back when it could not settle an order. */
  private placeAlone(attempt: Attempt): Promise<Placement> {
    return this.withRetries(attempt, async () => {
      try {
        const placedAt = await this.placeInOneStatement(attempt);
        return placedAt ? { order: placedOrder(attempt, placedAt), replayed: false } : this.explainRefusal(attempt);
      } catch (error) {
        if (pgConstraint(error) !== SLICE_CHECK) throw error;
        const placedAt = await this.placeCarefully(attempt);
        return placedAt ? { order: placedOrder(attempt, placedAt), replayed: false } : this.explainRefusal(attempt);
      }
    });
  }

  private async withRetries(attempt: Attempt, place: () => Promise<Placement>): Promise<Placement> {
    for (let tries = 1; ; tries++) {
      try {
        return await place();
      } catch (error) {
        if (tries < MAX_ATTEMPTS && isRetryable(error)) {
          attempt.pickupCode = newPickupCode();
          continue;
        }
        throw translate(error);
      }
    }
  }

  /**
   * One order in one statement, so one round trip and an implicit transaction: the order, quota,
   * items, one slice per product and the tallies. A slice that would go below zero
   * fails the statement through its CHECK, and the careful path takes over. Shared rows are locked
   * in a fixed order (slices, then pack tallies, then point tallies) by making each step read the
   * one before it, so two orders never wait on each other in a circle. When no slice holds the kg
   * (or a concurrent order emptied the picked one), the random slice is updated anyway so that
   * its CHECK fails the statement.
   */
  private async placeInOneStatement(attempt: Attempt): Promise<Date | null> {
    const result = await pgPool(this.dataSource).query({ name: 'place-order', text: PLACE_ORDER_SQL, values: placeParams(attempt) });
    return result.rows[0]?.placed_at ?? null;
  }


  /**
   * Step by step in one transaction, for when the chosen slice ran short: may spread the kg over
   * several slices. Returns when the order was placed (database clock), or null if not inserted.
   */
  private async placeCarefully(attempt: Attempt): Promise<Date | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let soldOutSuspected = false;
    try {
      await runner.startTransaction();
      const inserted = await runner.query(INSERT_ORDER_SQL, orderParams(attempt), true);
      if (inserted.records.length === 0) {
        await runner.rollbackTransaction();
        return null;
      }
      await runner.query(RECORD_LINES_SQL, lineParams(attempt), true);
      // Rows every order shares (capacity slices, then tallies) are touched last, so their locks
      // are held as briefly as possible.
      soldOutSuspected = await this.takeCapacity(runner, attempt.priced.demand);
      await runner.query(ADD_TO_TALLIES_SQL, tallyParams(attempt), true);
      await runner.commitTransaction();
      return inserted.records[0].placed_at;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      if (isCapacityRefusal(error)) soldOutSuspected = true;
      throw error;
    } finally {
      await runner.release();
      if (soldOutSuspected) this.checkSoldOut(attempt.waveId);
    }
  }

  /** Returns true when a product came close to selling out, so the wave may close early. */
  private async takeCapacity(runner: QueryRunner, demand: ProductDemand[]): Promise<boolean> {
    const slices = demand.map((d) => randomInt(d.sliceCount));
    const taken = await runner.query(TAKE_FROM_SLICE_SQL, [demand.map((d) => d.waveProductId), slices, demand.map((d) => d.kg)], true);
    const served = new Set((taken.records as { wave_product_id: string }[]).map((row) => row.wave_product_id));
    let nearlySoldOut = false;
    for (const product of demand) {
      if (served.has(product.waveProductId)) continue;
      nearlySoldOut = (await this.takeAcrossAllSlices(runner, product)) || nearlySoldOut;
    }
    return nearlySoldOut;
  }

  /**
   * The chosen slice ran short again: lock all of the product's slices and take from several
   * (a sold-out product is usually refused before this, by an unlocked look at what is left).
   */
  private async takeAcrossAllSlices(runner: QueryRunner, product: ProductDemand): Promise<boolean> {
    const rows: { slice_no: number; remaining_kg: number }[] = (
      await runner.query(LOCK_SLICES_SQL, [product.waveProductId], true)
    ).records;
    const ordered = [...rows].sort((a, b) => b.remaining_kg - a.remaining_kg);
    const takes = takeAcrossSlices(ordered.map((row) => row.remaining_kg), product.kg);
    if (!takes) throw capacityExceeded();
    await runner.query(TAKE_FROM_SLICES_SQL, [product.waveProductId, ordered.map((row) => row.slice_no), takes], true);
    const left = ordered.reduce((sum, row) => sum + row.remaining_kg, 0) - product.kg;
    return left < product.smallestPackKg;
  }

  /** Why the order row was not inserted: an idempotent replay, or a wave that does not take this order. */
  private async explainRefusal(attempt: Attempt): Promise<Placement> {
    if (attempt.idempotencyKey) {
      const earlier: { id: string; request_hash: string }[] = await this.dataSource.query(
        'SELECT id, request_hash FROM orders WHERE buyer_id = $1 AND idempotency_key = $2',
        [attempt.buyerId, attempt.idempotencyKey],
      );
      if (earlier.length > 0) {
        if (earlier[0].request_hash !== attempt.requestHash) {
          throw new DomainError(ErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used for a different order');
        }
        const order = await this.dataSource.getRepository(Order).findOneOrFail({ where: { id: earlier[0].id }, relations: { items: true } });
        return { order, replayed: true };
      }
    }
    const rows: { closed_reason: string | null; eligible: boolean }[] = await this.dataSource.query(
      `SELECT w.closed_reason, (cardinality(w.agencies) = 0 OR b.agency = ANY (w.agencies)) AS eligible
         FROM waves w, buyers b WHERE w.id = $1 AND b.id = $2`,
      [attempt.waveId, attempt.buyerId],
    );
    if (rows.length === 0) throw DomainError.notFound('Wave');
    if (!rows[0].eligible) throw new DomainError(ErrorCode.AgencyNotEligible, 'This wave is not open to your agency');
    if (rows[0].closed_reason === 'sold_out') throw capacityExceeded();
    throw new DomainError(ErrorCode.WaveNotOpen, 'The wave is not open for orders');
  }

  /** At most one sold-out check per wave at a time from this instance: near the end many orders ask. */
  private checkSoldOut(waveId: string): void {
    if (this.soldOutChecks.has(waveId)) return;
    const check = this.lifecycle
      .closeIfSoldOut(waveId)
      .catch((error) => this.logger.warn({ err: error, waveId }, 'Sold-out check failed'))
      .finally(() => this.soldOutChecks.delete(waveId));
    this.soldOutChecks.set(waveId, check);
  }
}

const SLICE_CHECK = 'chk_wave_capacity_slices_non_negative';

const INSERT_ORDER_SQL = `
INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, delivery_address, delivery_latitude, delivery_longitude,
                    pickup_code, status, total_kg, total_rp, idempotency_key, request_hash, tally_shard, placed_at)
SELECT $1, w.id, b.id, $4, $5, $6, $7, $8, $9, 'placed', $10, $11, $12, $13, $14, statement_timestamp()
  FROM waves w, buyers b
 WHERE w.id = $2 AND b.id = $3
   AND w.status IN ('scheduled', 'open')
   AND w.opens_at <= statement_timestamp() AND w.closes_at > statement_timestamp()
   AND (cardinality(w.agencies) = 0 OR b.agency = ANY (w.agencies))
   FOR KEY SHARE OF w
ON CONFLICT (buyer_id, idempotency_key) DO NOTHING
RETURNING placed_at`;

/**
 * The first slice, going round from a random one, that (in this statement's snapshot) still holds
 * the product's kg. Near the end of a rush most slices are empty: a blind random pick would miss
 * and send most orders down the careful path, which locks every slice. Null when none holds it.
 */
const FIRST_SLICE_WITH_ROOM = `
SELECT c.slice_no FROM wave_capacity_slices c
 WHERE c.wave_product_id = x.wave_product_id AND c.remaining_kg >= x.kg
 ORDER BY c.slice_no < x.start_no, c.slice_no LIMIT 1`;

const TAKE_FROM_SLICE_SQL = `
WITH pick AS MATERIALIZED (
  SELECT x.wave_product_id, x.kg, (${FIRST_SLICE_WITH_ROOM}) AS slice_no
    FROM unnest($1::uuid[], $2::smallint[], $3::int[]) AS x(wave_product_id, start_no, kg)
)
UPDATE wave_capacity_slices s SET remaining_kg = s.remaining_kg - pick.kg
  FROM pick
 WHERE s.wave_product_id = pick.wave_product_id AND s.slice_no = pick.slice_no AND s.remaining_kg >= pick.kg
RETURNING s.wave_product_id`;

/**
 * Last of all, after every slice it needs is held: a transaction holding tally rows never waits
 * for a slice, so the two kinds of shared rows cannot deadlock. Packs go in id order for the same reason.
 */
const ADD_TO_TALLIES_SQL = `
WITH packs AS (
  INSERT INTO wave_pack_tallies (wave_pack_id, dropping_point_id, shard, wave_id, packs)
  SELECT p.wave_pack_id, $4, $5, $3, p.quantity FROM unnest($1::uuid[], $2::int[]) AS p(wave_pack_id, quantity) ORDER BY p.wave_pack_id
  ON CONFLICT (wave_pack_id, dropping_point_id, shard) DO UPDATE SET packs = wave_pack_tallies.packs + EXCLUDED.packs
)
INSERT INTO wave_point_tallies (wave_id, dropping_point_id, shard, orders_count, kg, value_rp)
VALUES ($3, $4, $5, 1, $6, $7)
ON CONFLICT (wave_id, dropping_point_id, shard) DO UPDATE
   SET orders_count = wave_point_tallies.orders_count + 1,
       kg = wave_point_tallies.kg + EXCLUDED.kg,
       value_rp = wave_point_tallies.value_rp + EXCLUDED.value_rp`;

const LOCK_SLICES_SQL = `
SELECT slice_no, remaining_kg FROM wave_capacity_slices WHERE wave_product_id = $1 ORDER BY slice_no FOR UPDATE`;

const TAKE_FROM_SLICES_SQL = `
UPDATE wave_capacity_slices s SET remaining_kg = s.remaining_kg - x.kg
  FROM unnest($2::smallint[], $3::int[]) AS x(slice_no, kg)
 WHERE s.wave_product_id = $1 AND s.slice_no = x.slice_no AND x.kg > 0`;

const RECORD_LINES_SQL = `
WITH quota AS (
  INSERT INTO buyer_quotas (wave_product_id, buyer_id, ordered_kg, limit_kg)
  SELECT q.wave_product_id, $2, q.kg, q.limit_kg FROM unnest($3::uuid[], $4::int[], $5::int[]) AS q(wave_product_id, kg, limit_kg)
  ON CONFLICT (wave_product_id, buyer_id) DO UPDATE SET ordered_kg = buyer_quotas.ordered_kg + EXCLUDED.ordered_kg
)
INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
SELECT $1, i.wave_pack_id, i.wave_product_id, i.size_kg, i.quantity, i.unit_price_rp, i.kg, i.amount_rp
  FROM unnest($6::uuid[], $7::uuid[], $8::int[], $9::int[], $10::int[], $11::int[], $12::bigint[])
    AS i(wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)`;

const PLACE_ORDER_SQL = `
WITH ins AS (${INSERT_ORDER_SQL.replace('RETURNING placed_at', 'RETURNING id, placed_at')}
), quota AS (
  INSERT INTO buyer_quotas (wave_product_id, buyer_id, ordered_kg, limit_kg)
  SELECT q.wave_product_id, $3, q.kg, q.limit_kg FROM ins, unnest($15::uuid[], $16::int[], $17::int[]) AS q(wave_product_id, kg, limit_kg)
  ON CONFLICT (wave_product_id, buyer_id) DO UPDATE SET ordered_kg = buyer_quotas.ordered_kg + EXCLUDED.ordered_kg
), items AS (
  INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
  SELECT ins.id, i.wave_pack_id, i.wave_product_id, i.size_kg, i.quantity, i.unit_price_rp, i.kg, i.amount_rp
    FROM ins, unnest($19::uuid[], $20::uuid[], $21::int[], $22::int[], $23::int[], $24::int[], $25::bigint[])
      AS i(wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
), pick AS MATERIALIZED (
  SELECT x.wave_product_id, x.kg, coalesce((${FIRST_SLICE_WITH_ROOM}), x.start_no) AS slice_no
    FROM ins, unnest($15::uuid[], $18::smallint[], $16::int[]) AS x(wave_product_id, start_no, kg)
), taken AS (
  UPDATE wave_capacity_slices s SET remaining_kg = s.remaining_kg - pick.kg
    FROM pick
   WHERE s.wave_product_id = pick.wave_product_id AND s.slice_no = pick.slice_no
  RETURNING s.wave_product_id
), packs AS (
  INSERT INTO wave_pack_tallies (wave_pack_id, dropping_point_id, shard, wave_id, packs)
  SELECT p.wave_pack_id, $4, $14, $2, p.quantity
    FROM (SELECT count(*) AS n FROM taken) t, unnest($19::uuid[], $22::int[]) AS p(wave_pack_id, quantity)
   WHERE t.n > 0 ORDER BY p.wave_pack_id
  ON CONFLICT (wave_pack_id, dropping_point_id, shard) DO UPDATE SET packs = wave_pack_tallies.packs + EXCLUDED.packs
  RETURNING 1
)
INSERT INTO wave_point_tallies (wave_id, dropping_point_id, shard, orders_count, kg, value_rp)
SELECT $2, $4, $14, 1, $10, $11 FROM (SELECT count(*) AS n FROM packs) t, ins WHERE t.n > 0
ON CONFLICT (wave_id, dropping_point_id, shard) DO UPDATE
   SET orders_count = wave_point_tallies.orders_count + 1,
       kg = wave_point_tallies.kg + EXCLUDED.kg,
       value_rp = wave_point_tallies.value_rp + EXCLUDED.value_rp
RETURNING (SELECT placed_at FROM ins)`;

function placeParams(a: Attempt): unknown[] {
  const [, , ...quotaAndItems] = lineParams(a);
  const sliceNos = a.priced.demand.map((d) => randomInt(d.sliceCount));
  return [...orderParams(a), ...quotaAndItems.slice(0, 3), sliceNos, ...quotaAndItems.slice(3)];
}

/** The delivery fields as stored: set only for a home delivery. */
function deliveryOf(dto: PlaceOrderDto): { address: string | null; latitude: number | null; longitude: number | null } {
  const delivery = dto.fulfilment === Fulfilment.Delivery;
  return {
    address: delivery ? dto.deliveryAddress! : null,
    latitude: delivery ? (dto.deliveryLatitude ?? null) : null,
    longitude: delivery ? (dto.deliveryLongitude ?? null) : null,
  };
}

function batchOrder(a: Attempt): BatchOrder {
  const delivery = deliveryOf(a.dto);
  return {
    id: a.orderId,
    wave_id: a.waveId,
    buyer_id: a.buyerId,
    dropping_point_id: a.dto.droppingPointId,
    fulfilment: a.dto.fulfilment,
    delivery_address: delivery.address,
    delivery_latitude: delivery.latitude,
    delivery_longitude: delivery.longitude,
    pickup_code: a.pickupCode,
    total_kg: a.priced.totalKg,
    total_rp: a.priced.totalRp,
    idempotency_key: a.idempotencyKey,
    request_hash: a.requestHash,
    products: a.priced.demand.map((d) => ({ wave_product_id: d.waveProductId, kg: d.kg, limit_kg: d.limitKg, start_no: randomInt(d.sliceCount) })),
    items: a.priced.lines.map((l) => ({
      wave_pack_id: l.wavePackId,
      wave_product_id: l.waveProductId,
      size_kg: l.sizeKg,
      quantity: l.quantity,
      unit_price_rp: l.unitPriceRp,
      kg: l.kg,
      amount_rp: l.amountRp,
    })),
  };
}

function orderParams(a: Attempt): unknown[] {
  const delivery = deliveryOf(a.dto);
  return [
    a.orderId,
    a.waveId,
    a.buyerId,
    a.dto.droppingPointId,
    a.dto.fulfilment,
    delivery.address,
    delivery.latitude,
    delivery.longitude,
    a.pickupCode,
    a.priced.totalKg,
    a.priced.totalRp,
    a.idempotencyKey,
    a.requestHash,
    a.shard,
  ];
}

function lineParams(a: Attempt): unknown[] {
  const { lines, demand } = a.priced;
  return [
    a.orderId,
    a.buyerId,
    demand.map((d) => d.waveProductId),
    demand.map((d) => d.kg),
    demand.map((d) => d.limitKg),
    lines.map((l) => l.wavePackId),
    lines.map((l) => l.waveProductId),
    lines.map((l) => l.sizeKg),
    lines.map((l) => l.quantity),
    lines.map((l) => l.unitPriceRp),
    lines.map((l) => l.kg),
    lines.map((l) => l.amountRp),
  ];
}

function tallyParams(a: Attempt): unknown[] {
  const { lines } = a.priced;
  return [
    lines.map((l) => l.wavePackId),
    lines.map((l) => l.quantity),
    a.waveId,
    a.dto.droppingPointId,
    a.shard,
    a.priced.totalKg,
    a.priced.totalRp,
  ];
}

/** The order as it was just committed, built from what the request already holds: no read-back. */
function placedOrder(a: Attempt, placedAt: Date): Order {
  const delivery = deliveryOf(a.dto);
  return Object.assign(new Order(), {
    id: a.orderId,
    waveId: a.waveId,
    buyerId: a.buyerId,
    droppingPointId: a.dto.droppingPointId,
    fulfilment: a.dto.fulfilment,
    deliveryAddress: delivery.address,
    deliveryLatitude: delivery.latitude,
    deliveryLongitude: delivery.longitude,
    pickupCode: a.pickupCode,
    status: OrderStatus.Placed,
    totalKg: a.priced.totalKg,
    totalRp: a.priced.totalRp,
    idempotencyKey: a.idempotencyKey,
    requestHash: a.requestHash,
    tallyShard: a.shard,
    cancelReason: null,
    cancelledAt: null,
    placedAt,
    items: a.priced.lines.map((line) => Object.assign(new OrderItem(), { orderId: a.orderId, ...line })),
  });
}

/** Canonical hash of what was asked, so the same Idempotency-Key with another body is told apart. */
function requestHash(waveId: string, dto: PlaceOrderDto): string {
  const canonical = {
    waveId,
    droppingPointId: dto.droppingPointId,
    fulfilment: dto.fulfilment,
    deliveryAddress: dto.deliveryAddress ?? null,
    deliveryLatitude: dto.deliveryLatitude ?? null,
    deliveryLongitude: dto.deliveryLongitude ?? null,
    items: [...dto.items].sort((a, b) => (a.packId < b.packId ? -1 : 1)).map((item) => [item.packId, item.quantity]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Deadlocks between multi-product orders and a pickup code that happened to be taken: try again. */
function isRetryable(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === PgError.DeadlockDetected || code === PgError.SerializationFailure || uniqueViolationColumns(error) === 'wave_id, pickup_code';
}

function isCapacityRefusal(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.CapacityExceeded;
}

/** The constraints are the last word: their violations become the domain's refusals. */
function translate(error: unknown): unknown {
  const constraint = pgConstraint(error);
  if (constraint === 'chk_buyer_quotas_within_limit') return buyerLimitExceeded();
  if (constraint === 'chk_wave_capacity_slices_non_negative') return capacityExceeded();
  return error;
}
