import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Environment } from '../config/environment';
import { OrderBatcher } from '../orders/order-batcher';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { ClaimedFanout, NotificationFanoutRepository } from './notification-fanout.repository';
import { NotificationRelay } from './notification-relay';
import { parseQuietHours, quietHoursEnd } from './quiet-hours';
import { OrderYield } from './order-yield';

/**
 * Buyers per page: one INSERT ... SELECT and its jobs each. Small enough that a page does not hold
 * PostgreSQL or the API's event loop from the orders placed meanwhile (5,000 a page put 100-200 ms
 * on the open loop's p99 when an announcement went out during it).
 */
export const FANOUT_PAGE = 1000;
const POLL_MS = 500;
/** How often a yielding page looks again at the order rate. */
const YIELD_STEP_MS = 200;

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
    private readonly fanouts: NotificationFanoutRepository,
    private readonly relay: NotificationRelay,
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
      const claimed = await this.fanouts.claim();
      if (!claimed) break;
      total += await this.work(claimed);
    }
    return total;
  }

  private async work(fanout: ClaimedFanout): Promise<number> {
    const wave = await this.fanouts.wave(fanout.waveId);
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
      const page = await this.fanouts.writePage(fanout, wave, cursor, notBefore, FANOUT_PAGE);
      await adding;
      if (addingLast) await this.fanouts.advance(fanout.id, addingLast, false);
      if (!page.last) break;
      cursor = page.last;
      addingLast = page.last;
      queued += page.ids.length;
      adding = this.relay.addJobs(page.ids.map((id) => ({ id, notBefore })));
    }
    await adding;
    if (!this.stopped) await this.fanouts.advance(fanout.id, addingLast ?? cursor, true);
    this.logger.log(`Fan-out ${fanout.eventKey}: ${queued} messages queued`);
    return queued;
  }

  /** Waits while the order path is busy (OrderYield), looking again every YIELD_STEP_MS. */
  private async yieldToOrders(pace: OrderYield): Promise<void> {
    const since = performance.now();
    for (let wait = pace.next(since, YIELD_STEP_MS); wait > 0 && !this.stopped; wait = pace.next(since, YIELD_STEP_MS)) await sleep(wait);
  }
}
