import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Environment } from '../config/environment';
import { REDIS } from '../redis/redis.module';
import { SingleFlight } from './single-flight';

export interface PeriodicTaskOptions {
  /**
   * Ticks run on one instance at a time across replicas (a Redis lease). Only for tasks that are
   * correct when several run at once (they lock what they change) and merely wasteful: when Redis
   * cannot be asked, the tick runs anyway. Explicit calls (`join`, `next`) always run.
   */
  exclusive?: boolean;
}

/** Compare-and-delete: a lease is released only by the instance that holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Every periodic loop of the service: a named interval in Nest's SchedulerRegistry, unref'd (a
 * timer never keeps a process alive), single flight (a tick that finds the previous pass running
 * adds nothing), errors logged with the task's name, stopped and awaited at shutdown.
 */
@Injectable()
export class PeriodicTasks implements OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicTasks.name);
  private readonly flights = new Map<string, SingleFlight<unknown>>();

  constructor(
    private readonly scheduler: SchedulerRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: Environment,
  ) {}

  /** Runs a pass of `flight` every `intervalMs` (the owner keeps the flight, to ask for a pass itself). */
  every<T>(name: string, intervalMs: number, flight: SingleFlight<T>, options: PeriodicTaskOptions = {}): void {
    const tick = options.exclusive ? () => this.underLease(name, intervalMs, () => flight.join()) : () => flight.join();
    const timer = setInterval(() => void tick().catch((error: Error) => this.logger.warn(`${name}: ${error.message}`)), intervalMs);
    timer.unref();
    this.scheduler.addInterval(name, timer);
    this.flights.set(name, flight);
  }

  async onApplicationShutdown(): Promise<void> {
    // The schedule module may have cleared its registry first, when it shuts down before this provider.
    for (const name of this.flights.keys()) if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
    const busy = [...this.flights.values()].map((flight) => flight.busy?.then(() => undefined).catch(() => undefined) ?? Promise.resolve());
    this.flights.clear();
    await Promise.all(busy);
  }

  private async underLease(name: string, intervalMs: number, pass: () => Promise<unknown>): Promise<void> {
    const key = `${this.env.REDIS_PREFIX}:lease:${name}`;
    const token = randomUUID();
    let held: boolean;
    try {
      // The lease outlives a crashed holder by at most a few intervals.
      held = (await this.redis.set(key, token, 'PX', Math.max(intervalMs * 3, 30_000), 'NX')) === 'OK';
    } catch {
      held = true;
    }
    if (!held) return;
    try {
      await pass();
    } finally {
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }
}
