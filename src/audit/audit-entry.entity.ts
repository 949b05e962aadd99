import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One line of the audit trail: who (user and role), when, what, before and after, from which
 * request. Append-only: a trigger in the database refuses UPDATE, DELETE and TRUNCATE, and no
 * foreign keys tie it to the rows it describes, so it outlives them.
 *
 * Order status changes are written by a trigger on `orders` (whatever code path made them);
 * money actions and goods receipts are written by the desk in the same transaction.
 */
@Entity('audit_entries')
@Index(['orderId', 'id'])
@Index(['entityType', 'entityId'])
export class AuditEntry {
  /** Insertion order: entries of one transaction share a timestamp but never an id. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  /** e.g. order.status_changed, payment.recorded, payment.reversed, goods.received, cash_handover.confirmed */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ type: 'uuid', nullable: true })
  waveId: string | null;

  @Column({ type: 'uuid', nullable: true })
  droppingPointId: string | null;

  /** Null for the system (sweeps, workers) and for unauthenticated callers such as webhooks. */
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** ADMIN, COOP_MANAGER, OFFICER, BUYER, PUBLIC (no token) or SYSTEM. */
  @Column({ type: 'varchar', length: 16 })
  actorRole: string;

  /** The x-request-id of the HTTP request that made the change, when there was one. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;
}
