import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { toWib } from '../../common/time';
import { WaveSummaryService } from '../../orders/wave-summary.service';
import { effectiveStatus } from '../../waves/wave-status';
import { Wave } from '../../waves/wave.entity';
import { WavesService } from '../../waves/waves.service';
import { AdminPagesRepository } from './admin-pages.repository';

const TICK_MS = 1_000;
/** The wave row (times, status) changes rarely: read again every few ticks, not every second. */
const WAVE_REFRESH_TICKS = 5;
/** Orders per agency need the orders themselves (the tallies do not know agencies): read less often. */
const AGENCY_REFRESH_TICKS = 15;
/** A feed that only pollers use stops this long after the last poll. */
const IDLE_STOP_MS = 30_000;
/** Minutes of the orders-per-minute line. */
const MINUTES_SHOWN = 60;

type Summary = Awaited<ReturnType<WaveSummaryService['summarise']>>;

export interface LiveSummary extends Summary {
  opensAt: string;
  closesAt: string;
  /** Seconds until the wave closes (0 once closed), for the countdown. */
  secondsLeft: number;
  ordersPerMinute: { minute: string; orders: number }[];
  agencies: { agency: string; orders: number; kg: number }[];
  /** When each product was first seen sold out (null: it already was when the room was opened). */
  soldOut: { waveProductId: string; name: string; at: string | null }[];
  /** When the wave closed because everything was sold. */
  waveSoldOutAt: string | null;
}

/** An open dashboard: gets every frame, and is closed when the instance shuts down. */
export interface Listener {
  send(frame: string): void;
  close(): void;
}

/** One wave's feed on this instance: computed once per tick, the same frame written to every listener. */
interface Feed {
  waveId: string;
  wave: Wave;
  listeners: Set<Listener>;
  timer: NodeJS.Timeout | null;
  ticks: number;
  latest: LiveSummary | null;
  latestAt: number;
  computing: Promise<LiveSummary> | null;
  lastPolledAt: number;
  /** Orders seen in the tallies at the previous tick, to count new ones per minute. */
  lastOrders: number | null;
  perMinute: Map<number, number>;
  agencies: LiveSummary['agencies'];
  soldOutAt: Map<string, string | null>;
}

/**
 * The live wave room's data: each wave's summary computed at most once per second per instance,
 * however many dashboards are open, and pushed to them all (server-sent events) or handed to
 * pollers from the same copy. The summary itself comes from the tallies (WaveSummaryService), so a
 * tick costs a few small queries whatever the number of orders or dashboards.
 */
@Injectable()
export class LiveSummaryService implements OnModuleDestroy {
  private readonly logger = new Logger(LiveSummaryService.name);
  private readonly feeds = new Map<string, Feed>();
  private readonly opening = new Map<string, Promise<Feed>>();

  constructor(
    private readonly repository: AdminPagesRepository,
    private readonly waves: WavesService,
    private readonly summaries: WaveSummaryService,
  ) {}

  /** Streams the wave's frames to `listener` (the latest one at once); returns the unsubscribe. Unknown wave: NOT_FOUND. */
  async subscribe(waveId: string, listener: Listener): Promise<() => void> {
    const feed = await this.feed(waveId);
    feed.listeners.add(listener);
    listener.send(frameOf(feed.latest ?? (await this.current(feed))));
    this.ensureTicking(feed);
    return () => {
      feed.listeners.delete(listener);
    };
  }

  /** The latest summary, at most a second old, for pollers. */
  async snapshot(waveId: string): Promise<LiveSummary> {
    const feed = await this.feed(waveId);
    feed.lastPolledAt = Date.now();
    this.ensureTicking(feed);
    return this.current(feed);
  }

  /** How many dashboards listen on this instance (for tests and the benchmark's check). */
  listenerCount(waveId: string): number {
    return this.feeds.get(waveId)?.listeners.size ?? 0;
  }

  /** Open streams would keep the HTTP server from closing: they end first. */
  onModuleDestroy(): void {
    for (const feed of this.feeds.values()) {
      for (const listener of feed.listeners) listener.close();
      this.stop(feed);
    }
  }

  private async feed(waveId: string): Promise<Feed> {
    const known = this.feeds.get(waveId);
    if (known) return known;
    let opening = this.opening.get(waveId);
    if (!opening) {
      opening = this.open(waveId).finally(() => this.opening.delete(waveId));
      this.opening.set(waveId, opening);
    }
    return opening;
  }

  private async open(waveId: string): Promise<Feed> {
    const wave = await this.waves.get(waveId);
    const feed: Feed = {
      waveId,
      wave,
      listeners: new Set(),
      timer: null,
      ticks: 0,
      latest: null,
      latestAt: 0,
      computing: null,
      lastPolledAt: 0,
      lastOrders: null,
      perMinute: await this.ordersPerMinuteSoFar(waveId),
      agencies: [],
      soldOutAt: new Map(),
    };
    this.feeds.set(waveId, feed);
    return feed;
  }

  private ensureTicking(feed: Feed): void {
    if (feed.timer) return;
    feed.timer = setInterval(() => void this.tick(feed), TICK_MS);
    feed.timer.unref();
  }

  private async tick(feed: Feed): Promise<void> {
    if (feed.listeners.size === 0 && Date.now() - feed.lastPolledAt > IDLE_STOP_MS) {
      this.stop(feed);
      return;
    }
    try {
      const frame = frameOf(await this.current(feed));
      for (const listener of feed.listeners) listener.send(frame);
    } catch (error) {
      this.logger.warn({ err: error }, `Live summary of wave ${feed.waveId} failed; the next tick retries`);
    }
  }

  private stop(feed: Feed): void {
    if (feed.timer) clearInterval(feed.timer);
    feed.timer = null;
    this.feeds.delete(feed.waveId);
  }

  /** The summary of this tick: computed by whoever asks first, shared by the rest. */
  private current(feed: Feed): Promise<LiveSummary> {
    if (feed.latest && Date.now() - feed.latestAt < TICK_MS - 50) return Promise.resolve(feed.latest);
    feed.computing ??= this.compute(feed).finally(() => (feed.computing = null));
    return feed.computing;
  }

  private async compute(feed: Feed): Promise<LiveSummary> {
    if (feed.ticks % WAVE_REFRESH_TICKS === 0 && feed.ticks > 0) feed.wave = await this.waves.get(feed.waveId);
    if (feed.ticks % AGENCY_REFRESH_TICKS === 0) feed.agencies = await this.repository.ordersPerAgency(feed.waveId);
    feed.ticks += 1;
    const now = new Date();
    const summary = await this.summaries.summarise(feed.wave);
    this.countNewOrders(feed, summary.totals.orders, now);
    for (const product of summary.products) {
      if (product.remainingKg <= 0 && !feed.soldOutAt.has(product.waveProductId)) {
        // Sold out at the first tick: before this room was watching, the moment is not known here.
        feed.soldOutAt.set(product.waveProductId, feed.latest ? toWib(now) : null);
      }
    }
    const wave = feed.wave;
    const live: LiveSummary = {
      ...summary,
      status: effectiveStatus(wave, now),
      opensAt: toWib(wave.opensAt),
      closesAt: toWib(wave.closesAt),
      secondsLeft: Math.max(0, Math.ceil((wave.closesAt.getTime() - now.getTime()) / 1000)),
      ordersPerMinute: minutesUpTo(feed.perMinute, now),
      agencies: feed.agencies,
      soldOut: summary.products
        .filter((product) => feed.soldOutAt.has(product.waveProductId))
        .map((product) => ({
          waveProductId: product.waveProductId,
          name: product.name,
          at: feed.soldOutAt.get(product.waveProductId) ?? null,
        })),
      waveSoldOutAt: wave.closedReason === 'sold_out' ? toWib(wave.closedAt) : null,
    };
    feed.latest = live;
    feed.latestAt = Date.now();
    return live;
  }

  /** New orders since the last tick go to this minute; cancellations do not take orders back out of the line. */
  private countNewOrders(feed: Feed, orders: number, now: Date): void {
    if (feed.lastOrders !== null && orders > feed.lastOrders) {
      const minute = minuteOf(now);
      feed.perMinute.set(minute, (feed.perMinute.get(minute) ?? 0) + orders - feed.lastOrders);
    }
    feed.lastOrders = orders;
  }

  /** The line before the room opened, read once from the orders of the last hour. */
  private async ordersPerMinuteSoFar(waveId: string): Promise<Map<number, number>> {
    const rows = await this.repository.ordersPerMinute(waveId, MINUTES_SHOWN);
    // From the first tick on, new orders are counted from the tallies' total instead.
    return new Map(rows.map((row) => [row.minute.getTime(), row.orders]));
  }
}

function frameOf(summary: LiveSummary): string {
  return `event: summary\ndata: ${JSON.stringify(summary)}\n\n`;
}

function minuteOf(instant: Date): number {
  return Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** The last hour minute by minute, empty minutes included, so the line's x axis is time. */
function minutesUpTo(perMinute: Map<number, number>, now: Date): LiveSummary['ordersPerMinute'] {
  const last = minuteOf(now);
  for (const minute of perMinute.keys()) if (minute <= last - MINUTES_SHOWN * 60_000) perMinute.delete(minute);
  const first = Math.min(last, ...perMinute.keys());
  const minutes: LiveSummary['ordersPerMinute'] = [];
  for (let minute = first; minute <= last; minute += 60_000)
    minutes.push({ minute: toWib(new Date(minute)), orders: perMinute.get(minute) ?? 0 });
  return minutes;
}
