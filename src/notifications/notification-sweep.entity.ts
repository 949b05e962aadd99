import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far a periodic sweep over another table has come (e.g. placed orders turned into messages). */
@Entity('notification_sweeps')
export class NotificationSweep {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  name: string;

  @Column({ type: 'timestamptz' })
  watermark: Date;
}
