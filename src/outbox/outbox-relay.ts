import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { Environment } from '../config/environment';
import { PgChannelListener } from '../database/pg-listener';
import { QueueName } from '../queues/queue-names';
import { QueueRegistry } from '../queues/queue-registry';
import { REDIS } from '../redis/redis.module';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { OUTBOX_CHANNEL } from './outbox-message.entity';
import { ClaimedIntent, OutboxRepository } from './outbox.repository';

/** Intents taken per round trip to PostgreSQL and Redis. */
export const RELAY_BATCH = 1000;
/** How long a relay owns the intents it took; a relay that died lets them go after this. */
const CLAIM_SECONDS = 60;
/** Safety net for a lost NOTIFY (listener reconnecting). */
const POLL_MS = 1000;
/** An intent younger than this is not checked against Redis yet. */
const RECONCILE_GRACE_MS = 5000;

/**
 * Answers 1 while the job is waiting, delayed or running. Otherwise (0) the intent needs its job
 * again, and whatever is left of the old one is removed so that the same job id can be added:
 * - no hash: Redis lost it (flushed, restarted without its data);
 * - a hash without name: the remnant of a lost job that a worker touched after the loss;
 * - a finished job (completed or failed) whose intent is not settled: its outcome never reached
 *   the database (a worker died between the two). Running it again is safe: the job finds the
 *   trip's state in the database and does only what is left.
 * KEYS: job hash, completed set, failed set; ARGV: job id.
 */
export const JOB_PENDING = `
if redis.call('HEXISTS', KEYS[1], 'name') == 1 and redis.call('HEXISTS', KEYS[1], 'finishedOn') == 0 then return 1 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[1], KEYS[1] .. ':lock', KEYS[1] .. ':logs')
return 0`;

/**
 * Moves committed outbox intents to BullMQ, in the API process (which produces but never consumes).
 * Woken by NOTIFY at the commit of the transaction that wrote the intents, and by a poll. Several
 * instances run it side by side: each takes a disjoint batch (SKIP LOCKED plus a claim lease), and the
 * deterministic job ids make an intent relayed twice one job. If Redis is down, intents wait in
 * PostgreSQL; if Redis lost them (flushed, restarted without its data), reconcile() puts every
 * intent that is not done and has no job in Redis back to pending.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly listener: PgChannelListener;
  private readonly rounds = new SingleFlight(() => this.drain());
  private readonly reconciling = new SingleFlight(() => this.reconcile());
  private stopped = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly tasks: PeriodicTasks,
    private readonly env: Environment,
  ) {
    this.listener = new PgChannelListener(
      { databaseUrl: env.DATABASE_URL, channel: OUTBOX_CHANNEL, applicationName: 'gelombang-outbox-relay' },
      () => this.kick(),
      (error) => this.warn('listen', error),
    );
  }

  onApplicationBootstrap(): void {
    this.listener.start();
    this.tasks.every('outbox-relay', POLL_MS, this.rounds);
    this.tasks.every('outbox-reconcile', this.env.OUTBOX_RECONCILE_SECONDS * 1000, this.reconciling, { exclusive: true });
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.rounds.busy?.catch(() => undefined);
    await this.listener.stop();
  }

  /**
   * Moves every pending intent to BullMQ and answers how many it moved. Calls made while a relay
   * round runs share the next round, which starts after it, so an intent committed before the call
   * is always covered. The benchmark times this method.
   */
  relayPending(): Promise<number> {
    return this.rounds.next();
  }

  /**
   * Finds intents enqueued earlier, not settled, and without a waiting or running job in Redis
   * (lost with Redis' data, or finished without its outcome reaching the database), and relays
   * them again under the same job id. Returns how many. Safe at any time: a job that runs twice
   * finds its work done in the database.
   */
  async reconcile(graceMs = RECONCILE_GRACE_MS): Promise<number> {
    let afterId = '0';
    let requeued = 0;
    for (;;) {
      const rows = await this.outbox.enqueuedUnsettled(afterId, graceMs, RELAY_BATCH);
      if (rows.length === 0) break;
      const pipeline = this.redis.pipeline();
      for (const row of rows) {
        const key = (suffix: string) => this.queues.jobKey(row.queue, suffix);
        pipeline.eval(JOB_PENDING, 3, key(row.jobId), key('completed'), key('failed'), row.jobId);
      }
      const answers = (await pipeline.exec()) ?? [];
      const missing = rows.filter((_, i) => answers[i]?.[0] === null && answers[i]?.[1] === 0).map((row) => row.id);
      if (missing.length > 0) requeued += await this.outbox.requeue(missing);
      afterId = rows[rows.length - 1].id;
    }
    await this.outbox.purgeSettled();
    if (requeued > 0) {
      this.logger.warn(`${requeued} queued intents had no job in Redis any more (Redis flushed or restarted?); relaying them again`);
      await this.relayPending();
    }
    return requeued;
  }

  private kick(): void {
    if (this.stopped) return;
    void this.relayPending().catch((error) => this.warn('relay', error));
  }

  /**
   * Batches go out back to back: while one batch is added to Redis, the next is claimed in
   * PostgreSQL and the previous one marked enqueued, so the relay runs at about the speed of
   * BullMQ's addBulk.
   */
  private async drain(): Promise<number> {
    let total = 0;
    const marks: Promise<void>[] = [];
    let next = this.claim();
    try {
      while (!this.stopped) {
        const batch = await next;
        if (batch.length === 0) break;
        next = batch.length < RELAY_BATCH ? Promise.resolve([]) : this.claim();
        await this.addToQueues(batch);
        marks.push(this.markEnqueued(batch));
        total += batch.length;
      }
      await this.release(await next, null);
    } catch (error) {
      await this.release(await next.catch(() => []), error as Error).catch(() => undefined);
      throw error;
    } finally {
      await Promise.all(marks);
    }
    return total;
  }

  private claim(): Promise<ClaimedIntent[]> {
    return this.outbox.claim(RELAY_BATCH, CLAIM_SECONDS);
  }

  /** Adds the batch to BullMQ; on failure (Redis down) lets the intents go for the next round. */
  private async addToQueues(batch: ClaimedIntent[]): Promise<void> {
    try {
      const byQueue = new Map<QueueName, ClaimedIntent[]>();
      for (const intent of batch) {
        const intents = byQueue.get(intent.queue);
        if (intents) intents.push(intent);
        else byQueue.set(intent.queue, [intent]);
      }
      for (const [queue, intents] of byQueue) {
        await this.queues
          .queue(queue)
          .addBulk(intents.map((intent) => ({ name: intent.jobName, data: intent.payload, opts: { jobId: intent.jobId } })));
      }
    } catch (error) {
      await this.release(batch, error as Error);
      throw error;
    }
  }

  private async markEnqueued(batch: ClaimedIntent[]): Promise<void> {
    await this.outbox.markEnqueued(batch.map((intent) => intent.id));
  }

  /** Gives claimed intents back (with the error that stopped them, if any). */
  private async release(batch: ClaimedIntent[], error: Error | null): Promise<void> {
    if (batch.length === 0) return;
    await this.outbox.release(
      batch.map((intent) => intent.id),
      error ? String(error.message).slice(0, 500) : null,
    );
  }

  private warn(what: string, error: unknown): void {
    if (!this.stopped) this.logger.warn(`Outbox ${what}: ${(error as Error).message}`);
  }
}
