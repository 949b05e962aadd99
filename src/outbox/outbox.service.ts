import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobName, JobPayload, QUEUE_OF } from '../queues/queue-names';
import { OUTBOX_CHANNEL } from './outbox-message.entity';

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
  /**
   * Records intents (an intent whose job id exists already is left as it is) and wakes the relays:
   * a NOTIFY is delivered at commit, and not at all on rollback.
   */
  async add(manager: EntityManager, intents: OutboxIntent[]): Promise<number> {
    if (intents.length === 0) return 0;
    // An INSERT ... RETURNING answers with the rows (UPDATE/DELETE answer [rows, rowCount]).
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO outbox_messages (queue, job_name, job_id, payload)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::jsonb[])
       ON CONFLICT (job_id) DO NOTHING RETURNING id`,
      [
        intents.map((intent) => QUEUE_OF[intent.name]),
        intents.map((intent) => intent.name),
        intents.map((intent) => intent.jobId),
        intents.map((intent) => JSON.stringify(intent.payload)),
      ],
    );
    await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
    return rows.length;
  }

  /** The job's effect is recorded, or it ended for good: its intent is not to be re-enqueued. */
  async complete(manager: EntityManager, jobId: string): Promise<void> {
    await manager.query('UPDATE outbox_messages SET completed_at = now() WHERE job_id = $1 AND completed_at IS NULL', [jobId]);
  }
}
