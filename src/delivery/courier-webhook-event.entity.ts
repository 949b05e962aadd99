import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Every courier webhook event taken in, once: a replayed event id is refused. */
@Entity('courier_webhook_events')
export class CourierWebhookEvent {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  courier: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  eventId: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 100 })
  externalBookingId: string;

  /** Whether it changed the trip (false: it came after a later state, e.g. picked_up after delivered). */
  @Column({ type: 'boolean' })
  applied: boolean;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
