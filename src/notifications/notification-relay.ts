import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import { Environment } from '../config/environment';
import { PgChannelListener } from '../database/pg-listener';
import { JOB_PENDING } from '../outbox/outbox-relay';
import { BACKOFF_STRATEGY } from '../queues/job-options';
import { JOB_IDS, JOBS, QUEUES } from '../queues/queue-names';
import { QueueRegistry } from '../queues/queue-registry';
import { REDIS } from '../redis/redis.module';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { NOTIFICATIONS_CHANNEL, NotificationRepository } from './notification.repository';

const BATCH = 1000;
const POLL_MS = 1000;
/**
 * Jobs per addBulk. BullMQ builds a whole addBulk's jobs and their Redis commands in one go, so a
 * fan-out page of 5,000 held the API's event loop (and Redis) long enough to delay the orders and
 * rate-limit checks arriving meanwhile by hundreds of milliseconds; chunks this size, one after the
 * other, let them in between.
 */
const ADD_BULK_CHUNK = 250;

/**
 * Queues committed notification rows in BullMQ, in the API process (like the outbox relay): woken by
 * the NOTIFY at the commit that wrote them, and by a poll. A row is marked queued before its job is
 * added and unmarked if Redis refuses; a process that dies in between, or a Redis that loses its
 * data, is caught by reconcile(), which queues again every unsettled row without a live job.
 */
@Injectable()
export class NotificationRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationRelay.name);
  private readonly listener: PgChannelListener;
  private readonly rounds = new SingleFlight(() => this.drain());
  private readonly reconciling = new SingleFlight(() => this.reconcile());
  private stopped = false;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly queues: QueueRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly tasks: PeriodicTasks,
    private readonly env: Environment,
  ) {
    this.listener = new PgChannelListener(
      { databaseUrl: env.DATABASE_URL, channel: NOTIFICATIONS_CHANNEL, applicationName: 'gelombang-notification-relay' },
      () => this.kick(),
      (error) => this.warn('listen', error),
    );
  }

  onApplicationBootstrap(): void {
    this.listener.start();
    this.tasks.every('notification-relay', POLL_MS, this.rounds);
    this.tasks.every('notification-reconcile', this.env.NOTIFY_RECONCILE_SECONDS * 1000, this.reconciling, { exclusive: true });
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.rounds.busy?.catch(() => undefined);
    await this.listener.stop();
  }

  /** Job options of one send; `notBefore` (quiet hours) becomes the job's delay. */
  jobOptions(notificationId: string, notBefore: Date | null): JobsOptions {
    return {
      jobId: JOB_IDS.sendNotification(notificationId),
      attempts: this.env.NOTIFY_JOB_ATTEMPTS,
      backoff: { type: BACKOFF_STRATEGY, delay: this.env.NOTIFY_BACKOFF_MS },
      delay: notBefore ? Math.max(0, notBefore.getTime() - Date.now()) : undefined,
    };
  }

  /** Adds the jobs of these rows (already marked queued) to BullMQ, ADD_BULK_CHUNK a round trip. */
  async addJobs(rows: { id: string; notBefore: Date | null }[]): Promise<void> {
    const queue = this.queues.queue(QUEUES.notifications);
    for (let start = 0; start < rows.length; start += ADD_BULK_CHUNK) {
      await queue.addBulk(
        rows.slice(start, start + ADD_BULK_CHUNK).map((row) => ({
          name: JOBS.sendNotification,
          data: { notificationId: row.id },
          opts: this.jobOptions(row.id, row.notBefore),
        })),
      );
    }
  }

  /** Queues every committed, unqueued row; answers how many. Calls during a round share one more round after it. */
  relayPending(): Promise<number> {
    return this.rounds.next();
  }

  /** Puts back to pending every unsettled row queued more than `graceMs` ago whose job Redis no longer has. */
  async reconcile(graceMs = this.env.NOTIFY_RECONCILE_SECONDS * 1000): Promise<number> {
    let afterId = '0';
    let requeued = 0;
    for (;;) {
      const ids = await this.notifications.queuedUnsettled(afterId, graceMs, BATCH);
      if (ids.length === 0) break;
      const pipeline = this.redis.pipeline();
      for (const id of ids) {
        const jobId = JOB_IDS.sendNotification(id);
        const key = (suffix: string) => this.queues.jobKey(QUEUES.notifications, suffix);
        pipeline.eval(JOB_PENDING, 3, key(jobId), key('completed'), key('failed'), jobId);
      }
      const answers = (await pipeline.exec()) ?? [];
      const missing = ids.filter((_, i) => answers[i]?.[0] === null && answers[i]?.[1] === 0);
      if (missing.length > 0) requeued += await this.notifications.requeue(missing);
      afterId = ids[ids.length - 1];
    }
    if (requeued > 0) {
      this.logger.warn(`${requeued} queued messages had no job in Redis any more; queueing them again`);
      await this.relayPending();
    }
    return requeued;
  }

  private async drain(): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      const rows = await this.notifications.markQueued(BATCH);
      if (rows.length === 0) break;
      try {
        await this.addJobs(rows);
      } catch (error) {
        await this.notifications.unmarkQueued(rows.map((row) => row.id));
        throw error;
      }
      total += rows.length;
      if (rows.length < BATCH) break;
    }
    return total;
  }

  private kick(): void {
    if (!this.stopped) void this.relayPending().catch((error) => this.warn('relay', error));
  }

  private warn(what: string, error: unknown): void {
    if (!this.stopped) this.logger.warn(`Notification ${what}: ${(error as Error).message}`);
  }
}
