import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Wave } from './wave.entity';

/** Each lifecycle transition of a wave, recorded once: the unique index makes a second one impossible. */
@Entity('wave_events')
@Index(['waveId', 'type'], { unique: true })
export class WaveEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, { onDelete: 'CASCADE' })
  @JoinColumn()
  wave?: Relation<Wave>;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
