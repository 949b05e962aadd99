import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { hostname } from 'node:os';
import { Environment } from '../config/environment';
import { JobPayloads, JOBS, QUEUES } from '../queues/queue-names';
import { QueueRegistry } from '../queues/queue-registry';
import { TripBookingService } from './trip-booking.service';

type BookTripJob = Job<JobPayloads[typeof JOBS.bookTrip], string, typeof JOBS.bookTrip>;

/**
 * Consumes the delivery queue in a worker process: WORKER_CONCURRENCY jobs at a time, and at most
 * COURIER_RATE_LIMIT_MAX bookings per COURIER_RATE_LIMIT_DURATION_MS across all workers (BullMQ keeps
 * the limiter in Redis). Several worker processes can run side by side.
 */
@Injectable()
export class BookingWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(BookingWorker.name);
  private worker?: Worker;

  constructor(
    private readonly queues: QueueRegistry,
    private readonly bookings: TripBookingService,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    const worker = this.queues.worker<BookTripJob['data'], string>(QUEUES.delivery, (job) => this.process(job as BookTripJob), {
      name: `${hostname()}:${process.pid}`,
      limiter: { max: this.env.COURIER_RATE_LIMIT_MAX, duration: this.env.COURIER_RATE_LIMIT_DURATION_MS },
    });
    worker.on('failed', (job, error) => void this.onFailed(job as BookTripJob | undefined, error));
    this.worker = worker;
    void worker.run().catch((error) => this.logger.error(`Delivery worker stopped: ${(error as Error).message}`));
    this.logger.log(`Delivery worker running (concurrency ${this.env.WORKER_CONCURRENCY})`);
  }

  /** The Worker, for tests that pause or inspect it. */
  get instance(): Worker | undefined {
    return this.worker;
  }

  private async process(job: BookTripJob): Promise<string> {
    switch (job.name) {
      case JOBS.bookTrip: {
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return this.bookings.book(job.data.tripId, job.id!, finalAttempt);
      }
      default:
        // A job without name or data is the remnant of a job whose keys Redis lost; the outbox
        // relay re-enqueues the real one.
        throw new UnrecoverableError(job.name ? `Unknown job ${String(job.name)}` : `Job ${job.id} lost its data in Redis`);
    }
  }

  /**
   * book() settles its own last attempt; this catches the failures it never saw: a job that stalled
   * (its worker died) more often than allowed.
   */
  private async onFailed(job: BookTripJob | undefined, error: Error): Promise<void> {
    if (!job || job.name !== JOBS.bookTrip) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError' || /stalled/i.test(error.message);
    if (!final) {
      this.logger.warn(`Booking of trip ${job.data.tripId} failed (attempt ${job.attemptsMade}), will retry: ${error.message}`);
      return;
    }
    this.logger.error(`Booking of trip ${job.data.tripId} failed for good: ${error.message}`);
    await this.bookings.giveUp(job.data.tripId, job.id!, error.message).catch((failure) => {
      this.logger.error(`Could not record the failed booking of trip ${job.data.tripId}: ${(failure as Error).message}`);
    });
  }
}
