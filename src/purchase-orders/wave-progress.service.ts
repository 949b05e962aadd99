import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { WaveEvent } from '../waves/wave-event.entity';
import { WaveStatus } from '../waves/wave-status.enum';

const SWEEP_INTERVAL_NAME = 'wave-progress-sweep';

/** Order states that still wait for something: the wave cannot be completed while one remains. */
export const UNFINISHED_ORDER_STATES = ['placed', 'paid', 'ready', 'out_for_delivery'] as const;

/**
 * SQL conditions over a wave aliased `w`, one per step after closed. Each is cheap: the orders
 * check seeks the (wave, point, status) index once per point and state instead of scanning the
 * wave's orders.
 */
const ALL_CONFIRMED_SQL = `NOT EXISTS (SELECT 1 FROM purchase_orders po WHERE po.wave_id = w.id AND po.status = 'sent')`;

/**
 * Goods are still to arrive while a point has packs of a cooperative to receive and no goods
 * receipt there holds a pack of that cooperative: "shipped" is the cooperative's word, "received"
 * the point's.
 */
const ALL_RECEIVED_SQL = `NOT EXISTS (
  SELECT 1 FROM purchase_order_shipments s JOIN purchase_orders po ON po.id = s.purchase_order_id
   WHERE po.wave_id = w.id
     AND EXISTS (SELECT 1 FROM wave_pack_tallies t JOIN wave_packs pk ON pk.id = t.wave_pack_id JOIN wave_products wp ON wp.id = pk.wave_product_id
                  WHERE t.wave_id = w.id AND t.dropping_point_id = s.dropping_point_id AND wp.cooperative_id = po.cooperative_id AND t.packs > 0)
     AND NOT EXISTS (SELECT 1 FROM goods_receipts r JOIN goods_receipt_items ri ON ri.receipt_id = r.id
                       JOIN wave_packs rp ON rp.id = ri.wave_pack_id JOIN wave_products rwp ON rwp.id = rp.wave_product_id
                      WHERE r.wave_id = w.id AND r.dropping_point_id = s.dropping_point_id AND rwp.cooperative_id = po.cooperative_id))`;

const ALL_FINISHED_SQL = `NOT EXISTS (
  SELECT 1 FROM wave_dropping_points wdp CROSS JOIN unnest('{${UNFINISHED_ORDER_STATES.join(',')}}'::order_status[]) AS s(status)
   WHERE wdp.wave_id = w.id
     AND EXISTS (SELECT 1 FROM orders o WHERE o.wave_id = w.id AND o.dropping_point_id = wdp.dropping_point_id AND o.status = s.status))`;

/** The step after each state, and the condition that makes it due. */
const STEPS: { from: WaveStatus; to: WaveStatus; due: string }[] = [
  { from: WaveStatus.Ordered, to: WaveStatus.Confirmed, due: ALL_CONFIRMED_SQL },
  { from: WaveStatus.Confirmed, to: WaveStatus.Delivered, due: ALL_RECEIVED_SQL },
  { from: WaveStatus.Delivered, to: WaveStatus.Completed, due: ALL_FINISHED_SQL },
];

/**
 * Moves a wave on after it closed:
 *   closed    -> ordered    when its purchase orders are made (in the closing transaction);
 *   ordered   -> confirmed  when every cooperative has confirmed its purchase order;
 *   confirmed -> delivered  when every dropping point that still needs goods has received them (a goods receipt);
 *   delivered -> completed  when every order is picked up, delivered or cancelled.
 * (A wave that closes with no standing order goes closed -> completed at once.)
 *
 * Each transition is a conditional UPDATE on the wave's current status plus a wave_events row
 * (unique per wave and type), in one transaction that holds the wave row: it happens once, whichever
 * instance, request or sweep gets there first. The purchase-order actions call advance inside their
 * own transactions; the desk and delivery code may call `advance(waveId)` after a hand-over or a
 * delivery, and a sweep on every instance catches whatever nobody called for.
 */
@Injectable()
export class WaveProgressService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WaveProgressService.name);
  private sweeping: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    const interval = setInterval(() => void this.sweep(), this.env.WAVE_SWEEP_SECONDS * 1000);
    interval.unref();
    this.scheduler.addInterval(SWEEP_INTERVAL_NAME, interval);
  }

  /** Takes every step that is due for the wave; returns its status afterwards. */
  advance(waveId: string): Promise<WaveStatus | null> {
    return this.dataSource.transaction((manager) => this.advanceWithin(manager, waveId));
  }

  /** The same inside the caller's transaction. Locks the wave row (callers that lock it first lose nothing). */
  async advanceWithin(manager: EntityManager, waveId: string): Promise<WaveStatus | null> {
    const rows: { status: WaveStatus }[] = await manager.query('SELECT status FROM waves WHERE id = $1 FOR NO KEY UPDATE', [waveId]);
    if (rows.length === 0) return null;
    let status = rows[0].status;
    for (const step of STEPS) {
      if (status !== step.from) continue;
      const due: { due: boolean }[] = await manager.query(`SELECT ${step.due} AS due FROM waves w WHERE w.id = $1`, [waveId]);
      if (!due[0]?.due || !(await this.transitionWithin(manager, waveId, step.from, step.to))) break;
      status = step.to;
    }
    return status;
  }

  /**
   * `from -> to` exactly once: the UPDATE only matches a wave still in `from`, and the event's unique
   * index refuses a second row of the same type. Returns false when the wave was not in `from`.
   */
  async transitionWithin(
    manager: EntityManager,
    waveId: string,
    from: WaveStatus,
    to: WaveStatus,
    data: Record<string, unknown> = {},
  ): Promise<boolean> {
    const [updated]: [{ id: string }[], number] = await manager.query(
      'UPDATE waves SET status = $3, updated_at = now() WHERE id = $1 AND status = $2 RETURNING id',
      [waveId, from, to],
    );
    if (updated.length === 0) return false;
    // clock_timestamp: steps taken in one transaction keep their order in the timeline.
    await manager.insert(WaveEvent, { waveId, type: to, data: { from, ...data }, createdAt: () => 'clock_timestamp()' });
    this.logger.log(`Wave ${waveId} ${from} -> ${to}`);
    return true;
  }

  /** Advances every wave whose next step is due. Safe on every instance at once. */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async runSweep(): Promise<void> {
    try {
      // Due-ness is read without locks; advance re-checks under the wave's lock.
      const rows: { id: string }[] = await this.dataSource.query(
        `SELECT w.id FROM waves w
          WHERE ${STEPS.map((step) => `(w.status = '${step.from}' AND ${step.due})`).join(' OR ')}`,
      );
      for (const row of rows) await this.advance(row.id);
    } catch (error) {
      this.logger.error({ err: error }, 'Wave progress sweep failed; the next one retries');
    }
  }
}
