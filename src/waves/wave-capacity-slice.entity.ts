import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { WaveProduct } from './wave-product.entity';

/**
 * A wave product's remaining capacity, split over several rows. One shared counter row is a hot
 * row: every order would queue behind the previous order's commit (about 200 orders/s here).
 * Spreading it over slices lets that many orders commit in parallel; the CHECK keeps every
 * slice, and so the sum, from going below zero.
 */
@Entity('wave_capacity_slices')
@Check('chk_wave_capacity_slices_non_negative', '"remaining_kg" >= 0')
export class WaveCapacitySlice {
  @PrimaryColumn({ type: 'uuid' })
  waveProductId: string;

  @PrimaryColumn({ type: 'smallint' })
  sliceNo: number;

  @ManyToOne(() => WaveProduct, { onDelete: 'CASCADE' })
  @JoinColumn()
  waveProduct?: Relation<WaveProduct>;

  @Column({ type: 'integer' })
  remainingKg: number;
}
