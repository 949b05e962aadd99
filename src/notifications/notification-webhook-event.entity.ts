import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A status webhook already taken in, by the SHA-256 of its raw body: the same bytes again are a replay. */
@Entity('notification_webhook_events')
export class NotificationWebhookEvent {
  @PrimaryColumn({ type: 'char', length: 64 })
  bodyHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
