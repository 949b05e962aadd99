import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { Environment } from '../config/environment';
import { OrderBatcher } from '../orders/order-batcher';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { NotificationRelay } from './notification-relay';
import { buyerAddressSql, NotificationRecords } from './notification-records';
import { waveOpenToSql } from '../waves/wave-transitions';
import { parseQuietHours, quietHoursEnd } from './quiet-hours';
import { OrderYield } from './order-yield';
import { NOT_ORDERED_KINDS, type NotificationKind } from './templates';

/** Buyers per page: one INSERT ... SELECT and one addBulk each. */
export const FANOUT_PAGE = 5000;
const POLL_MS = 500;
const CLAIM_SECONDS = 60;
/** How often a yielding page looks again at the order rate. */
const YIELD_STEP_MS = 200;

interface WaveFacts {
  name: string;
  opens_at: Date;
  closes_at: Date;
}

interface ClaimedFanout {
  id: string;
  event_key: string;
  kind: string;
  wave_id: string;
  cursor: string | null;
}

/**
 * Works off recorded fan-outs ("wave opened" to every eligible buyer) in the API process, after the
 * commit that recorded them. Streams buyers in keyset pages (id order): each page is one
 * INSERT ... SELECT into notifications (marked queued) and one addBulk of its jobs, and the next
 * page is written while the previous one is added to Redis. Only a page of ids is ever in memory.
 * The cursor advances once a page's jobs are in Redis, so a process that dies mid-way leaves at
 * most a page to redo: the page's rows exist already (the unique key) and its job ids are the same.
 */
@Injectable()
export class NotificationFanouts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationFanouts.name);
  private readonly flight = new SingleFlight(() => this.drain());
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: NotificationRelay,
    private readonly records: NotificationRecords,
    private readonly tasks: PeriodicTasks,
    private readonly orders: OrderBatcher,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.every('notification-fanouts', POLL_MS, this.flight);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.flight.busy?.catch(() => undefined);
  }

  /** Works off every recorded fan-out; answers how many messages it queued. */
  runPending(): Promise<number> {
    return this.flight.join();
  }

  private async drain(): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      const [claimed]: [ClaimedFanout[], number] = await this.dataSource.query(
        `UPDATE notification_fanouts f SET claimed_until = now() + $1 * interval '1 second'
           FROM (SELECT id FROM notification_fanouts WHERE done_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) c
          WHERE f.id = c.id RETURNING f.id, f.event_key, f.kind, f.wave_id, f.cursor`,
        [CLAIM_SECONDS],
      );
      if (!claimed[0]) break;
      total += await this.work(claimed[0]);
    }
    return total;
  }

  private async work(fanout: ClaimedFanout): Promise<number> {
    const [wave]: WaveFacts[] = await this.dataSource.query('SELECT name, opens_at, closes_at FROM waves WHERE id = $1', [fanout.wave_id]);
    const notBefore = quietHoursEnd(new Date(), parseQuietHours(this.env.NOTIFY_QUIET_HOURS));
    let cursor = fanout.cursor;
    let queued = 0;
    let adding: Promise<void> = Promise.resolve();
    let addingLast: string | null = null;
    const pace = new OrderYield(
      { ordersPerSec: this.env.NOTIFY_FANOUT_YIELD_ORDERS_PER_SEC, maxWaitMs: this.env.NOTIFY_FANOUT_YIELD_MS },
      () => this.orders.ordersReceived,
    );
    while (!this.stopped && wave) {
      await this.yieldToOrders(pace);
      const page = await this.insertPage(fanout, wave, cursor, notBefore);
      await adding;
      if (addingLast) await this.advance(fanout.id, addingLast, false);
      if (!page.last) break;
      cursor = page.last;
      addingLast = page.last;
      queued += page.ids.length;
      adding = this.relay.addJobs(page.ids.map((id) => ({ id, not_before: notBefore })));
    }
    await adding;
    if (!this.stopped) await this.advance(fanout.id, addingLast ?? cursor, true);
    this.logger.log(`Fan-out ${fanout.event_key}: ${queued} messages queued`);
    return queued;
  }

  /** Waits while the order path is busy (OrderYield), looking again every YIELD_STEP_MS. */
  private async yieldToOrders(pace: OrderYield): Promise<void> {
    const since = performance.now();
    for (let wait = pace.next(since, YIELD_STEP_MS); wait > 0 && !this.stopped; wait = pace.next(since, YIELD_STEP_MS)) await sleep(wait);
  }

  private async insertPage(fanout: ClaimedFanout, wave: WaveFacts, cursor: string | null, notBefore: Date | null) {
    // Reminders to order go to those with no live order in the wave (the page is then a page of them).
    const notOrdered = NOT_ORDERED_KINDS.includes(fanout.kind as NotificationKind)
      ? `\n            AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = b.id AND o.wave_id = $5 AND o.status <> 'cancelled')`
      : '';
    const [row]: { last: string | null; ids: string[] }[] = await this.dataSource.query(
      `WITH page AS (
         SELECT b.id, b.name, b.phone FROM buyers b JOIN waves w ON w.id = $5
          WHERE ($1::uuid IS NULL OR b.id > $1::uuid) AND ${waveOpenToSql('w', 'b.agency')}${notOrdered}
          ORDER BY b.id LIMIT $2
       ), ins AS (
         INSERT INTO notifications (event_key, kind, recipient_key, buyer_id, wave_id, channel, address, language, params, not_before, queued_at)
         SELECT $3, $4, 'buyer:' || b.id, b.id, $5, c.channel, ${buyerAddressSql('c.channel')}, coalesce(p.language, 'id'),
                jsonb_build_object('name', b.name, 'waveName', $6::text, 'closesAt', $7::text, 'opensAt', $9::text), $8, now()
           FROM page b LEFT JOIN notification_preferences p ON p.buyer_id = b.id
           CROSS JOIN LATERAL (SELECT (${this.records.channelsSql})[1] AS channel) c
          WHERE c.channel IS NOT NULL AND coalesce(p.announcements, true)
         ON CONFLICT (event_key, recipient_key, channel) DO UPDATE SET queued_at = now()
         RETURNING id
       )
       SELECT (SELECT id FROM page ORDER BY id DESC LIMIT 1) AS last, ARRAY(SELECT id FROM ins) AS ids`,
      [
        cursor,
        FANOUT_PAGE,
        fanout.event_key,
        fanout.kind,
        fanout.wave_id,
        wave.name,
        wave.closes_at.toISOString(),
        notBefore,
        wave.opens_at.toISOString(),
      ],
    );
    return row;
  }

  private async advance(id: string, cursor: string | null, done: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_fanouts SET cursor = $2, claimed_until = ${done ? 'NULL' : `now() + ${CLAIM_SECONDS} * interval '1 second'`},
              done_at = ${done ? 'now()' : 'NULL'} WHERE id = $1`,
      [id, cursor],
    );
  }
}
