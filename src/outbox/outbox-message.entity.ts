import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: an intent to run a job, written in the same transaction as the state change
 * that calls for it. The relay moves it to BullMQ after commit (enqueued_at); the job marks it done
 * when its effect is recorded (completed_at). An intent enqueued but not done whose job is missing
 * from Redis (Redis flushed or restarted without its data) is put back to pending by the relay.
 */
@Entity('outbox_messages')
@Index('idx_outbox_messages_pending', ['id'], { where: '"enqueued_at" IS NULL AND "completed_at" IS NULL' })
@Index('idx_outbox_messages_unconfirmed', ['enqueuedAt'], { where: '"enqueued_at" IS NOT NULL AND "completed_at" IS NULL' })
@Check('chk_outbox_messages_payload_object', `jsonb_typeof("payload") = 'object'`)
@Check('chk_outbox_messages_enqueue_count', '"enqueue_count" >= 0')
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  queue: string;

  @Column({ type: 'varchar', length: 64 })
  jobName: string;

  /** The BullMQ job id: deterministic, so relaying an intent twice adds one job. */
  @Column({ type: 'varchar', length: 200, unique: true })
  jobId: string;

  /** Ids only (see src/queues/queue-names.ts). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** A relay has taken the intent until then; another relay takes it after (the first one died). */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  /** The job's effect is recorded (or it ended for good); nothing re-enqueues it any more. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** How often the intent went to Redis: more than 1 after a Redis loss. */
  @Column({ type: 'integer', default: 0 })
  enqueueCount: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}

export const OUTBOX_CHANNEL = 'outbox_messages';
