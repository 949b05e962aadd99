import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Product } from '../cooperatives/product.entity';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { WaveCapacitySlice } from './wave-capacity-slice.entity';
import { WaveProduct } from './wave-product.entity';
import { EFFECTIVE_STATUS_SQL } from './wave-status';
import { HOLDS_CAPACITY, WaveStatus } from './wave-status.enum';
import { waveOpenToSql } from './wave-transitions';
import { Wave } from './wave.entity';

/** Which waves a list holds: by effective status, and narrowed to what a buyer or a cooperative sees. */
export interface WaveListFilter {
  status?: WaveStatus;
  /** A buyer: published waves open to their agency (a cancelled one only if it was published). */
  buyerId?: string | null;
  /** A cooperative manager: waves offering one of its products. */
  cooperativeId?: string | null;
}

/** A published, unclosed wave whose opening or closing is near. */
export interface WaveComingDue {
  id: string;
  opensAt: Date;
  closesAt: Date;
  openDue: boolean;
  closeDue: boolean;
}

export interface ProductCapacity {
  waveProductId: string;
  name: string;
  capacityKg: number;
  remainingKg: number;
}

/** What changes while a wave runs: its stored status (closed early, cancelled) and the kg left per product. */
export interface WaveStockLevels {
  status: WaveStatus;
  closedReason: string | null;
  remainingKg: Map<string, number>;
}

/** Returned kg go to one slice per product, chosen by the seed, so cancellations spread like orders. */
const RETURN_CAPACITY_SQL = `
UPDATE wave_capacity_slices s SET remaining_kg = s.remaining_kg + r.kg
  FROM (SELECT i.wave_product_id, wp.slice_count, sum(i.kg) AS kg
          FROM order_items i JOIN wave_products wp ON wp.id = i.wave_product_id
         WHERE i.order_id = ANY ($1) GROUP BY 1, 2) r
 WHERE s.wave_product_id = r.wave_product_id AND s.slice_no = $2::int % r.slice_count`;

const STOCK_SQL = `
SELECT w.status, w.closed_reason, wp.id AS wave_product_id, COALESCE(sum(s.remaining_kg), 0)::int AS remaining_kg
  FROM waves w
  JOIN wave_products wp ON wp.wave_id = w.id
  LEFT JOIN wave_capacity_slices s ON s.wave_product_id = wp.id
 WHERE w.id = $1
 GROUP BY w.status, w.closed_reason, wp.id`;

/** Publishing lays the capacity out in slices: a cancelled wave without them was cancelled as a draft, which buyers never saw. */
const WAS_PUBLISHED_SQL = `EXISTS (SELECT 1 FROM wave_products pub JOIN wave_capacity_slices s ON s.wave_product_id = pub.id WHERE pub.wave_id = w.id)`;

/** Waves, their offers, capacity slices and timeline. */
@Injectable()
export class WavesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The wave with its points, offers, products and packs. */
  withContents(id: string): Promise<Wave | null> {
    return this.dataSource.getRepository(Wave).findOne({
      where: { id },
      relations: { droppingPoints: true, products: { product: true, packs: true } },
    });
  }

  list(filter: WaveListFilter): Promise<Wave[]> {
    const query = this.dataSource
      .getRepository(Wave)
      .createQueryBuilder('w')
      .leftJoinAndSelect('w.droppingPoints', 'dp')
      .leftJoinAndSelect('w.products', 'wp')
      .leftJoinAndSelect('wp.product', 'p')
      .leftJoinAndSelect('wp.packs', 'pk')
      .orderBy('w.opens_at', 'DESC');
    if (filter.status) query.andWhere(`${EFFECTIVE_STATUS_SQL} = :status`, { status: filter.status });
    if (filter.buyerId !== undefined) {
      query
        .andWhere(`w.status <> 'draft'`)
        .andWhere(`(w.status <> 'cancelled' OR ${WAS_PUBLISHED_SQL})`)
        .andWhere(waveOpenToSql('w', '(SELECT b.agency FROM buyers b WHERE b.id = :buyerId)'), { buyerId: filter.buyerId });
    }
    if (filter.cooperativeId !== undefined) {
      query.andWhere('EXISTS (SELECT 1 FROM wave_products own WHERE own.wave_id = w.id AND own.cooperative_id = :cooperativeId)', {
        cooperativeId: filter.cooperativeId,
      });
    }
    return query.getMany();
  }

  async wasPublished(waveId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM waves w WHERE w.id = $1 AND ${WAS_PUBLISHED_SQL}`, [waveId]);
    return rows.length > 0;
  }

  /** Saves a new wave with its points and offers; returns its id. */
  async insert(manager: EntityManager, wave: Partial<Wave>): Promise<string> {
    const saved = await manager.save(manager.create(Wave, wave));
    return saved.id;
  }

  /** Locks the wave (FOR UPDATE); its status, or null when there is no such wave. */
  async lockStatus(manager: EntityManager, waveId: string): Promise<WaveStatus | null> {
    const rows: { status: WaveStatus }[] = await manager.query('SELECT status FROM waves WHERE id = $1 FOR UPDATE', [waveId]);
    return rows[0]?.status ?? null;
  }

  /** Locks the wave with the lock an UPDATE takes (FOR NO KEY UPDATE), if it is in one of `statuses` (any when not given); its status. */
  async lockStatusForChange(manager: EntityManager, waveId: string, statuses?: readonly WaveStatus[]): Promise<WaveStatus | null> {
    const rows: { status: WaveStatus }[] = statuses
      ? await manager.query('SELECT status FROM waves WHERE id = $1 AND status = ANY ($2) FOR NO KEY UPDATE', [waveId, statuses])
      : await manager.query('SELECT status FROM waves WHERE id = $1 FOR NO KEY UPDATE', [waveId]);
    return rows[0]?.status ?? null;
  }

  /** Locks the wave row (pessimistic write) and loads it. */
  lockForWrite(manager: EntityManager, waveId: string): Promise<Wave | null> {
    return manager.findOne(Wave, { where: { id: waveId }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Locks the wave FOR UPDATE (which waits for orders in flight: they hold KEY SHARE on it, and holds
   * off new ones), then loads it; with the database clock at the lock. Null when there is no such wave.
   */
  async lockWithClock(manager: EntityManager, waveId: string): Promise<{ wave: Wave; now: Date } | null> {
    const rows: { db_now: Date }[] = await manager.query('SELECT clock_timestamp() AS db_now FROM waves WHERE id = $1 FOR UPDATE', [
      waveId,
    ]);
    if (rows.length === 0) return null;
    return { wave: await manager.findOneByOrFail(Wave, { id: waveId }), now: rows[0].db_now };
  }

  /** The wave with its points and its offers' packs. */
  withPointsAndPacks(waveId: string, manager: EntityManager = this.dataSource.manager): Promise<Wave | null> {
    return manager.findOne(Wave, { where: { id: waveId }, relations: { droppingPoints: true, products: { packs: true } } });
  }

  /** Writes a draft's new fields and points, and replaces its offers with `offers`. */
  async replaceDraft(manager: EntityManager, waveId: string, fields: Partial<Wave>, offers: WaveProduct[]): Promise<void> {
    await manager.delete(WaveProduct, { waveId });
    await manager.save(Wave, { id: waveId, ...fields });
    await manager.save(offers.map((offer) => Object.assign(offer, { waveId })));
  }

  async deleteDraft(manager: EntityManager, waveId: string): Promise<void> {
    await manager.query(`DELETE FROM waves WHERE id = $1 AND status = 'draft'`, [waveId]);
  }

  async setRecurrenceRule(manager: EntityManager, waveId: string, rule: string | null): Promise<void> {
    await manager.update(Wave, waveId, { recurrenceRule: rule });
  }

  /** The copy of `sourceId` that opens at `opensAt`, if one was made. */
  copyOpeningAt(manager: EntityManager, sourceId: string, opensAt: Date): Promise<Wave | null> {
    return manager.findOne(Wave, { where: { copiedFromId: sourceId, opensAt } });
  }

  /** The database's clock (the transaction's start). */
  async now(manager: EntityManager): Promise<Date> {
    return (await manager.query('SELECT now() AS now'))[0].now;
  }

  offers(manager: EntityManager, waveId: string): Promise<WaveProduct[]> {
    return manager.findBy(WaveProduct, { waveId });
  }

  /** Lays an offer's capacity out in slices, one row per slice's kilograms. */
  async layOutSlices(manager: EntityManager, offerId: string, remainingKg: number[]): Promise<void> {
    await manager.update(WaveProduct, offerId, { sliceCount: remainingKg.length });
    await manager.insert(
      WaveCapacitySlice,
      remainingKg.map((kg, sliceNo) => ({ waveProductId: offerId, sliceNo, remainingKg: kg })),
    );
  }

  /** Kilograms of each product that other waves holding capacity (HOLDS_CAPACITY) offer over an overlapping order window. */
  async heldKg(
    manager: EntityManager,
    productIds: string[],
    waveId: string,
    window: { opensAt: Date; closesAt: Date },
  ): Promise<Map<string, number>> {
    const held: { productId: string; heldKg: number }[] = await manager.query(
      `SELECT wp.product_id AS "productId", sum(wp.capacity_kg)::int AS "heldKg"
         FROM wave_products wp JOIN waves w ON w.id = wp.wave_id
        WHERE wp.product_id = ANY ($1::uuid[]) AND w.id <> $2 AND w.status = ANY ($3::wave_status[])
          AND w.opens_at < $5 AND w.closes_at > $4
        GROUP BY wp.product_id`,
      [productIds, waveId, HOLDS_CAPACITY, window.opensAt, window.closesAt],
    );
    return new Map(held.map((row) => [row.productId, row.heldKg]));
  }

  droppingPoints(manager: EntityManager, ids: string[]): Promise<DroppingPoint[]> {
    return manager.findBy(DroppingPoint, { id: In(ids) });
  }

  productsWithPacks(manager: EntityManager, ids: string[]): Promise<Product[]> {
    return manager.find(Product, { where: { id: In(ids) }, relations: { packs: true } });
  }

  /** Gives the orders' kg back to their products' capacity, one slice per product chosen by `seed`. */
  async returnCapacity(manager: EntityManager, orderIds: string[], seed: number): Promise<void> {
    await manager.query(RETURN_CAPACITY_SQL, [orderIds, seed]);
  }

  /** Each product of the wave with its capacity and the kg its slices have left, by name. */
  async productCapacities(waveId: string): Promise<ProductCapacity[]> {
    const rows: { id: string; name: string; capacity_kg: number; remaining_kg: string }[] = await this.dataSource.query(
      `SELECT wp.id, p.name, wp.capacity_kg, coalesce((SELECT sum(s.remaining_kg) FROM wave_capacity_slices s WHERE s.wave_product_id = wp.id), wp.capacity_kg) AS remaining_kg
         FROM wave_products wp JOIN products p ON p.id = wp.product_id WHERE wp.wave_id = $1 ORDER BY p.name`,
      [waveId],
    );
    return rows.map((row) => ({
      waveProductId: row.id,
      name: row.name,
      capacityKg: row.capacity_kg,
      remainingKg: Number(row.remaining_kg),
    }));
  }

  /** The wave's stored status and kg left per product; null when there is no such wave (or it offers nothing). */
  async stock(waveId: string): Promise<WaveStockLevels | null> {
    const rows: { status: WaveStatus; closed_reason: string | null; wave_product_id: string; remaining_kg: number }[] =
      await this.dataSource.query(STOCK_SQL, [waveId]);
    if (rows.length === 0) return null;
    return {
      status: rows[0].status,
      closedReason: rows[0].closed_reason,
      remainingKg: new Map(rows.map((row) => [row.wave_product_id, row.remaining_kg])),
    };
  }

  /** Sold out: no product of the wave has room left for even its smallest pack. */
  async isSoldOut(manager: EntityManager, waveId: string): Promise<boolean> {
    const rows: { sold_out: boolean }[] = await manager.query(
      `SELECT bool_and(remaining < smallest) AS sold_out FROM (
         SELECT wp.id, (SELECT sum(s.remaining_kg) FROM wave_capacity_slices s WHERE s.wave_product_id = wp.id) AS remaining,
                (SELECT min(p.size_kg) FROM wave_packs p WHERE p.wave_product_id = wp.id) AS smallest
           FROM wave_products wp WHERE wp.wave_id = $1) offers`,
      [waveId],
    );
    return rows[0]?.sold_out === true;
  }

  /** Published, unclosed waves opening or closing within `horizonMs`, read without locks. */
  async comingDue(horizonMs: number): Promise<WaveComingDue[]> {
    const rows: { id: string; opens_at: Date; closes_at: Date; open_due: boolean; close_due: boolean }[] = await this.dataSource.query(
      `SELECT id, opens_at, closes_at,
              status = 'scheduled' AND opens_at <= now() AS open_due,
              closes_at <= now() AS close_due
         FROM waves
        WHERE status IN ('scheduled', 'open')
          AND (opens_at <= now() + $1 * interval '1 millisecond' OR closes_at <= now() + $1 * interval '1 millisecond')`,
      [horizonMs],
    );
    return rows.map((row) => ({
      id: row.id,
      opensAt: row.opens_at,
      closesAt: row.closes_at,
      openDue: row.open_due,
      closeDue: row.close_due,
    }));
  }

  /** Whether `condition`, a boolean SQL expression over the wave aliased `w`, holds for the wave. */
  async holds(manager: EntityManager, waveId: string, condition: string): Promise<boolean> {
    const [row]: { due: boolean }[] = await manager.query(`SELECT ${condition} AS due FROM waves w WHERE w.id = $1`, [waveId]);
    return row?.due === true;
  }

  /** The waves for which `condition`, a boolean SQL expression over the wave aliased `w`, holds, read without locks. */
  async idsWhere(condition: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT w.id FROM waves w WHERE ${condition}`);
    return rows.map((row) => row.id);
  }

  async setStatus(manager: EntityManager, waveId: string, status: WaveStatus): Promise<void> {
    await manager.query('UPDATE waves SET status = $2, updated_at = now() WHERE id = $1', [waveId, status]);
  }

  /** Closes or cancels the wave, at `at` or else the clock's time now, for `reason`. */
  async setClosed(manager: EntityManager, waveId: string, status: WaveStatus, at: Date | null, reason: string | null): Promise<void> {
    await manager.query(
      'UPDATE waves SET status = $2, updated_at = now(), closed_at = coalesce($3, clock_timestamp()), closed_reason = $4 WHERE id = $1',
      [waveId, status, at, reason],
    );
  }

  /** A step on the wave's timeline (unique per wave and type). */
  async recordEvent(manager: EntityManager, waveId: string, type: string, data: Record<string, unknown>): Promise<void> {
    // clock_timestamp: steps taken in one transaction keep their order in the timeline.
    await manager.query(`INSERT INTO wave_events (wave_id, type, data, created_at) VALUES ($1, $2, $3, clock_timestamp())`, [
      waveId,
      type,
      data,
    ]);
  }

  /** A mark on the wave's timeline, once. */
  async recordMilestone(manager: EntityManager, waveId: string, type: string): Promise<void> {
    await manager.query(
      `INSERT INTO wave_events (wave_id, type, data) VALUES ($1, $2, '{}'::jsonb) ON CONFLICT (wave_id, type) DO NOTHING`,
      [waveId, type],
    );
  }

  /** Per wave product, the kg its capacity slices have left. */
  async remainingKg(waveProductIds: string[]): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ wave_product_id: string; remaining_kg: number }[]>(
      `SELECT s.wave_product_id, sum(s.remaining_kg)::int AS remaining_kg FROM wave_capacity_slices s
          WHERE s.wave_product_id = ANY ($1) GROUP BY 1`,
      [waveProductIds],
    );
    return new Map(rows.map((row) => [row.wave_product_id, row.remaining_kg]));
  }
}
