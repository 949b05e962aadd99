import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueueName } from '../queues/queue-names';
import { OUTBOX_CHANNEL } from './outbox-message.entity';

/** An intent as written: the job it stands for. */
export interface NewIntent {
  queue: QueueName;
  jobName: string;
  jobId: string;
  payload: unknown;
}

/** An intent a relay took, to add to its queue. */
export interface ClaimedIntent {
  id: string;
  queue: QueueName;
  jobName: string;
  jobId: string;
  payload: Record<string, unknown>;
}

/** An intent enqueued earlier and not settled yet. */
export interface EnqueuedIntent {
  id: string;
  queue: QueueName;
  jobId: string;
}

/** The outbox (outbox_messages): intents written in the caller's transaction, relayed to BullMQ after commit. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes the intents (one whose job id exists already is left as it is); answers how many it wrote. */
  async add(manager: EntityManager, intents: NewIntent[]): Promise<number> {
    // An INSERT ... RETURNING answers with the rows (UPDATE/DELETE answer [rows, rowCount]).
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO outbox_messages (queue, job_name, job_id, payload)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::jsonb[])
       ON CONFLICT (job_id) DO NOTHING RETURNING id`,
      [
        intents.map((intent) => intent.queue),
        intents.map((intent) => intent.jobName),
        intents.map((intent) => intent.jobId),
        intents.map((intent) => JSON.stringify(intent.payload)),
      ],
    );
    return rows.length;
  }

  /** Wakes the relays: the NOTIFY is delivered at commit, and not at all on rollback. */
  async wake(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  }

  async complete(manager: EntityManager, jobId: string): Promise<void> {
    await manager.query('UPDATE outbox_messages SET completed_at = now() WHERE job_id = $1 AND completed_at IS NULL', [jobId]);
  }

  /** Up to `limit` pending intents, each owned by the caller for `claimSeconds` (SKIP LOCKED: relays take disjoint batches). */
  async claim(limit: number, claimSeconds: number): Promise<ClaimedIntent[]> {
    // An UPDATE ... RETURNING answers [rows, rowCount].
    const [rows]: [{ id: string; queue: QueueName; job_name: string; job_id: string; payload: Record<string, unknown> }[], number] =
      await this.dataSource.query(
        `UPDATE outbox_messages m SET claimed_until = now() + $2 * interval '1 second'
           FROM (SELECT id FROM outbox_messages
                  WHERE enqueued_at IS NULL AND completed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                  ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) c
          WHERE m.id = c.id
        RETURNING m.id, m.queue, m.job_name, m.job_id, m.payload`,
        [limit, claimSeconds],
      );
    return rows.map((row) => ({ id: row.id, queue: row.queue, jobName: row.job_name, jobId: row.job_id, payload: row.payload }));
  }

  async markEnqueued(ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_messages SET enqueued_at = now(), claimed_until = NULL, enqueue_count = enqueue_count + 1, last_error = NULL
        WHERE id = ANY ($1::bigint[])`,
      [ids],
    );
  }

  /** Gives claimed intents back, with the error that stopped them (null: none). */
  async release(ids: string[], error: string | null): Promise<void> {
    await this.dataSource.query(
      'UPDATE outbox_messages SET claimed_until = NULL, last_error = coalesce($2, last_error) WHERE id = ANY ($1::bigint[])',
      [ids, error],
    );
  }

  /** Up to `limit` intents after `afterId`, enqueued more than `graceMs` ago and not settled, by id. */
  async enqueuedUnsettled(afterId: string, graceMs: number, limit: number): Promise<EnqueuedIntent[]> {
    const rows: { id: string; queue: QueueName; job_id: string }[] = await this.dataSource.query(
      `SELECT id, queue, job_id FROM outbox_messages
          WHERE enqueued_at IS NOT NULL AND completed_at IS NULL AND enqueued_at < now() - $2 * interval '1 millisecond' AND id > $1
          ORDER BY id LIMIT $3`,
      [afterId, graceMs, limit],
    );
    return rows.map((row) => ({ id: row.id, queue: row.queue, jobId: row.job_id }));
  }

  /** Puts enqueued, unsettled intents back to pending; answers how many. */
  async requeue(ids: string[]): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE outbox_messages SET enqueued_at = NULL, claimed_until = NULL
            WHERE id = ANY ($1::bigint[]) AND completed_at IS NULL AND enqueued_at IS NOT NULL`,
      [ids],
    );
    return count;
  }

  /** Intents done for a week are history nobody reads: keeps the table small. */
  async purgeSettled(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox_messages WHERE id IN (SELECT id FROM outbox_messages WHERE completed_at < now() - interval '7 days' LIMIT 10000)`,
    );
  }
}
