import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Where a staff member (a dropping-point officer, a cooperative manager) hears from the service:
 * their WhatsApp/SMS number and their email address. Buyers have their roster phone and
 * notification_preferences instead. No row, or no address: that person is not messaged.
 */
@Entity('notification_contacts')
export class NotificationContact {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  /** E.164 digits without + (6281...), normalised when set. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 2, default: 'id' })
  language: 'id' | 'en';

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
