import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A pending "tell everyone eligible": written in the transaction of the event, worked off after
 * commit in keyset pages of buyers, `cursor` being the last buyer id done. A process that dies
 * mid-way leaves the cursor where the next one continues.
 */
@Entity('notification_fanouts')
export class NotificationFanout {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  eventKey: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'uuid' })
  waveId: string;

  @Column({ type: 'uuid', nullable: true })
  cursor: string | null;

  @Column({ type: 'integer', default: 0 })
  created: number;

  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
