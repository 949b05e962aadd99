import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What a civil servant wants to hear and where. No row means the defaults: WhatsApp then SMS to
 * the roster phone, Bahasa Indonesia, announcements on. Order and payment messages ignore
 * `announcements` (they cannot be turned off while an order is open).
 */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  buyerId: string;

  @Column({ type: 'varchar', length: 2, default: 'id' })
  language: 'id' | 'en';

  @Column({ type: 'boolean', default: true })
  whatsapp: boolean;

  @Column({ type: 'boolean', default: true })
  sms: boolean;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: true })
  announcements: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
