import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { hostname } from 'node:os';
import { Environment } from '../config/environment';
import { JobPayloads, JOBS, QUEUES } from '../queues/queue-names';
import { QueueRegistry } from '../queues/queue-registry';
import { NotificationSender } from './notification-sender';

type SendJob = Job<JobPayloads[typeof JOBS.sendNotification], string, typeof JOBS.sendNotification>;

/**
 * Consumes the notifications queue in a worker process. At most NOTIFY_RATE_LIMIT_MAX sends per
 * NOTIFY_RATE_LIMIT_DURATION_MS across every worker (BullMQ keeps the limiter in Redis), and a 429's
 * Retry-After is the floor of the next try (the registry's backoff strategy).
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationWorker.name);
  private worker?: Worker;

  constructor(
    private readonly queues: QueueRegistry,
    private readonly sender: NotificationSender,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    const worker = this.queues.worker<SendJob['data'], string>(QUEUES.notifications, (job, token) => this.process(job as SendJob, token), {
      name: `${hostname()}:${process.pid}`,
      limiter: { max: this.env.NOTIFY_RATE_LIMIT_MAX, duration: this.env.NOTIFY_RATE_LIMIT_DURATION_MS },
    });
    worker.on('failed', (job, error) => {
      // The sender settles its own last attempt; this covers a job that stalled too often.
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.logger.warn(`Notification job ${job.id} ended: ${error.message}`);
    });
    this.worker = worker;
    void worker.run().catch((error) => this.logger.error(`Notification worker stopped: ${(error as Error).message}`));
  }

  get instance(): Worker | undefined {
    return this.worker;
  }

  private async process(job: SendJob, token?: string): Promise<string> {
    if (job.name !== JOBS.sendNotification || !job.data?.notificationId) {
      throw new UnrecoverableError(job.name ? `Unknown job ${job.name}` : `Job ${job.id} lost its data in Redis`);
    }
    const outcome = await this.sender.send(job.data.notificationId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    if (outcome.kind === 'later') {
      // Quiet hours: the row waits for morning, the job with it.
      await job.moveToDelayed(outcome.until.getTime(), token);
      throw new DelayedError();
    }
    return outcome.kind;
  }
}
