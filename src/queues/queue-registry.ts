import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, Processor, Queue, Worker, WorkerOptions } from 'bullmq';
import { Environment } from '../config/environment';
import { BACKOFF_STRATEGY, defaultJobOptions, exponentialJitterBackoff, RetryAfterHint } from './job-options';
import { QueueName, QUEUES } from './queue-names';

/**
 * The one place that knows how to reach BullMQ: REDIS_URL for the connection and REDIS_PREFIX as
 * BullMQ's key prefix (so several deployments or test runs share a Redis without meeting).
 * Producers (the outbox relay, the dashboard) take queues from here; worker processes make their
 * workers here, with the same connection, prefix and retry strategy.
 */
@Injectable()
export class QueueRegistry implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];

  constructor(private readonly env: Environment) {}

  /** A producer handle; fails fast (no offline queue) so a caller sees Redis being down instead of hanging. */
  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: { url: this.env.REDIS_URL, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
        prefix: this.env.REDIS_PREFIX,
        defaultJobOptions: defaultJobOptions(this.env),
      });
      queue.on('error', (error) => this.logger.warn(`Queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  allQueues(): Queue[] {
    return Object.values(QUEUES).map((name) => this.queue(name));
  }

  /** Key of a job's hash (or of the queue's `completed` / `failed` set) in Redis, to check jobs in bulk. */
  jobKey(name: QueueName, jobId: string): string {
    return `${this.env.REDIS_PREFIX}:${name}:${jobId}`;
  }

  /**
   * A consumer. Only worker processes call this (the API never consumes). The stalled-job checker
   * hands the job of a dead worker to another after about WORKER_LOCK_DURATION_MS.
   */
  worker<T, R>(name: QueueName, processor: Processor<T, R>, options: Partial<WorkerOptions> = {}): Worker<T, R> {
    const worker = new Worker<T, R>(name, processor, {
      connection: { url: this.env.REDIS_URL, maxRetriesPerRequest: null },
      prefix: this.env.REDIS_PREFIX,
      concurrency: this.env.WORKER_CONCURRENCY,
      lockDuration: this.env.WORKER_LOCK_DURATION_MS,
      stalledInterval: Math.max(500, Math.floor(this.env.WORKER_LOCK_DURATION_MS / 2)),
      maxStalledCount: 3,
      autorun: false,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string, error?: Error, job?: { opts?: { backoff?: unknown } }) => {
          if (type !== BACKOFF_STRATEGY) throw new Error(`Unknown backoff strategy ${type}`);
          const configured = (job?.opts?.backoff as { delay?: number } | undefined)?.delay ?? this.env.DELIVERY_BACKOFF_MS;
          return exponentialJitterBackoff(attemptsMade, configured, error as RetryAfterHint | undefined);
        },
      },
      ...options,
    });
    worker.on('error', (error) => this.logger.warn(`Worker ${name}: ${error.message}`));
    this.workers.push(worker as Worker);
    return worker;
  }

  /**
   * Graceful stop: workers take no new jobs and get `timeoutMs` to finish the ones they run. Past
   * that the jobs are abandoned (the process is about to exit): their locks expire and another
   * worker runs them again, which is safe because every job is idempotent.
   */
  async closeWorkers(timeoutMs = this.env.WORKER_SHUTDOWN_TIMEOUT_MS): Promise<void> {
    const workers = this.workers.splice(0);
    if (workers.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const graceful = Promise.all(workers.map((worker) => worker.close())).then(() => true);
    graceful.catch((error) => this.logger.warn(`Closing workers: ${(error as Error).message}`));
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const finished = await Promise.race([graceful.catch(() => true), timedOut]);
    clearTimeout(timer);
    if (!finished) {
      this.logger.warn(`In-flight jobs did not finish within ${timeoutMs} ms; leaving them to be retried by another worker`);
    }
  }

  /** Workers stop before the database pool closes, so in-flight jobs can still commit. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.closeWorkers();
  }

  async onApplicationShutdown(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(queues.map((queue) => queue.close().catch(() => undefined)));
  }
}

export type AnyJob = Job<unknown, unknown, string>;
