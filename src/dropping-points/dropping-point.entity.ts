import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericToNumber } from '../common/column-transformers';

/** A titik kumpul: where the cooperative's goods arrive and buyers collect. */
@Entity('dropping_points')
@Check('chk_dropping_points_latitude', '"latitude" BETWEEN -90 AND 90')
@Check('chk_dropping_points_longitude', '"longitude" BETWEEN -180 AND 180')
export class DroppingPoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'numeric', precision: 9, scale: 6, transformer: numericToNumber })
  latitude: number;

  @Column({ type: 'numeric', precision: 9, scale: 6, transformer: numericToNumber })
  longitude: number;

  /** How far (straight line, km) an ojek from this point delivers; null: no home delivery limit set. */
  @Column({ type: 'integer', nullable: true })
  deliveryRadiusKm: number | null;

  /** When buyers can collect there, as the point says it (Senin–Jumat 08.00–16.00 WIB); null: not given. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  openingHours: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
