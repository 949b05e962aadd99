import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobName, JobPayload, QUEUE_OF } from '../queues/queue-names';
import { OutboxRepository } from './outbox.repository';

export interface OutboxIntent<N extends JobName = JobName> {
  name: N;
  jobId: string;
  payload: JobPayload<N>;
}

/**
 * Writes and settles outbox intents, always inside the caller's transaction. Nothing here talks to
 * Redis: an intent reaches BullMQ only through the relay, after the transaction has committed.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  /**
   * Records intents (an intent whose job id exists already is left as it is) and wakes the relays:
   * a NOTIFY is delivered at commit, and not at all on rollback.
   */
  async add(manager: EntityManager, intents: OutboxIntent[]): Promise<number> {
    if (intents.length === 0) return 0;
    const written = await this.outbox.add(
      manager,
      intents.map((intent) => ({ queue: QUEUE_OF[intent.name], jobName: intent.name, jobId: intent.jobId, payload: intent.payload })),
    );
    await this.outbox.wake(manager);
    return written;
  }

  /** The job's effect is recorded, or it ended for good: its intent is not to be re-enqueued. */
  async complete(manager: EntityManager, jobId: string): Promise<void> {
    await this.outbox.complete(manager, jobId);
  }
}
