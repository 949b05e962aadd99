import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '../common/sql-list';

export type Channel = 'whatsapp' | 'sms' | 'email';
export const CHANNELS: readonly Channel[] = ['whatsapp', 'sms', 'email'];

/**
 * pending: waiting for its job; sending: a worker called (or is calling) the provider; sent: the
 * provider accepted it; delivered / read: the provider's status webhooks; failed: ended without
 * reaching the person on this channel (a fallback row on the next channel may follow); skipped:
 * not to be sent (the person turned the kind off, or nobody to send it to).
 */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'skipped';

/** A worker still owes the provider call: waiting for it, or claimed by a worker that may have died mid-call. */
export const UNSENT_NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['pending', 'sending'];

/** The provider accepted it; its status webhooks may move it on from sent. */
export const ACCEPTED_NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['sent', 'delivered', 'read'];

/** A provider call is under way or was accepted: its acceptance may be recorded (a webhook can come before the call returns). */
export const SENDING_OR_ACCEPTED_STATUSES: readonly NotificationStatus[] = ['sending', ...ACCEPTED_NOTIFICATION_STATUSES];

/** Not settled yet: unsent, or sent and not known to have arrived, so it may still end as failed. */
export const FAILABLE_NOTIFICATION_STATUSES: readonly NotificationStatus[] = [...UNSENT_NOTIFICATION_STATUSES, 'sent'];

/** A set of notification statuses as an SQL list, `('a', 'b')`, for queries that cannot take it as a parameter. */
export function notificationStatusesSql(statuses: readonly NotificationStatus[]): string {
  return sqlList(statuses);
}

/**
 * One message to one person on one channel for one event: the unit of "exactly once". The unique
 * (event, recipient, channel) key makes a second insert for the same event a no-op, and a worker
 * that runs twice finds the row already sent. The row is also the outbox of its own job: queued_at
 * is set once the job is in BullMQ.
 */
@Entity('notifications')
@Index('uq_notifications_event_recipient_channel', ['eventKey', 'recipientKey', 'channel'], { unique: true })
@Index('idx_notifications_unqueued', ['id'], { where: `"queued_at" IS NULL AND "status" = 'pending'` })
@Index('idx_notifications_wave', ['waveId'], { where: '"wave_id" IS NOT NULL' })
@Index('idx_notifications_order', ['orderId'], { where: '"order_id" IS NOT NULL' })
@Index('idx_notifications_provider_message', ['providerMessageId'], { where: '"provider_message_id" IS NOT NULL' })
@Check('chk_notifications_channel', `"channel" IN ('whatsapp', 'sms', 'email')`)
@Check('chk_notifications_status', `"status" IN ('pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped')`)
export class Notification {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** What happened, e.g. `wave.opened:<wave id>` or `order.placed:<order id>`. */
  @Column({ type: 'varchar', length: 200 })
  eventKey: string;

  /** Which template (see templates.ts). */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** `buyer:<id>`, `user:<id>` or `phone:<number>`: the person, whatever the channel. */
  @Column({ type: 'varchar', length: 120 })
  recipientKey: string;

  @Column({ type: 'uuid', nullable: true })
  buyerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  waveId: string | null;

  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ type: 'varchar', length: 8 })
  channel: Channel;

  /** Phone number (E.164 without +) or email address, fixed when the row is made. */
  @Column({ type: 'varchar', length: 320 })
  address: string;

  @Column({ type: 'varchar', length: 2, default: 'id' })
  language: 'id' | 'en';

  /** The template's parameters, the recipient's own data only. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  params: Record<string, string>;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: NotificationStatus;

  /** Quiet hours: not before this time. */
  @Column({ type: 'timestamptz', nullable: true })
  notBefore: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  queuedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** The provider's id of the message (a Cloud API wamid, the gateway's id, the SMTP Message-ID). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  providerMessageId: string | null;

  /** The text as sent (WhatsApp renders its approved template with the same parameters). */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
