import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  Relation,
} from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { WaveProduct } from './wave-product.entity';
import { WaveStatus } from './wave-status.enum';

/** A gelombang: one timed ordering window with its own supply and hand-out day. */
@Entity('waves')
@Index(['status', 'opensAt'])
@Check('chk_waves_closes_after_opens', '"closes_at" > "opens_at"')
@Check('chk_waves_payment_after_opens', '"payment_deadline" > "opens_at"')
export class Wave {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: WaveStatus, enumName: 'wave_status', default: WaveStatus.Draft })
  status: WaveStatus;

  @Column({ type: 'timestamptz' })
  opensAt: Date;

  @Column({ type: 'timestamptz' })
  closesAt: Date;

  /** Calendar day (WIB) the goods are handed out. */
  @Column({ type: 'date' })
  handOutDate: string;

  @Column({ type: 'timestamptz' })
  paymentDeadline: Date;

  /** Agencies (instansi) whose civil servants may order; empty means every agency. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  agencies: string[];

  @ManyToMany(() => DroppingPoint)
  @JoinTable({ name: 'wave_dropping_points', joinColumn: { name: 'wave_id' }, inverseJoinColumn: { name: 'dropping_point_id' } })
  droppingPoints?: Relation<DroppingPoint[]>;

  @OneToMany(() => WaveProduct, (offer) => offer.wave, { cascade: ['insert'] })
  products?: Relation<WaveProduct[]>;

  /** Why the wave stopped taking orders: 'schedule', 'sold_out', or the cancellation reason. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  closedReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  copiedFromId: string | null;

  /** RRULE (RFC 5545) of the days the wave repeats on, counted from its opening in WIB; null: it does not repeat. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  recurrenceRule: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
