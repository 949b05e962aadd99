import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Product } from '../cooperatives/product.entity';
import { Wave } from './wave.entity';
import { WavePack } from './wave-pack.entity';

/** A product offered in a wave, with the tonnage its cooperative can supply and a per-buyer limit. */
@Entity('wave_products')
@Index(['waveId', 'productId'], { unique: true })
@Check('chk_wave_products_capacity_positive', '"capacity_kg" > 0')
@Check('chk_wave_products_limit_positive', '"per_buyer_limit_kg" > 0')
@Check('chk_wave_products_slices', '"slice_count" BETWEEN 1 AND 256')
export class WaveProduct {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, (wave) => wave.products, { onDelete: 'CASCADE' })
  @JoinColumn()
  wave?: Relation<Wave>;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT' })
  @JoinColumn()
  product?: Relation<Product>;

  /** Denormalised so a wave's purchase orders group by cooperative without a join through products. */
  @Column({ type: 'uuid' })
  cooperativeId: string;

  @Column({ type: 'integer' })
  capacityKg: number;

  @Column({ type: 'integer' })
  perBuyerLimitKg: number;

  @Column({ type: 'integer' })
  pricePerKgRp: number;

  /** How many rows the capacity is spread over (see WaveCapacitySlice). */
  @Column({ type: 'smallint', default: 1 })
  sliceCount: number;

  @OneToMany(() => WavePack, (pack) => pack.waveProduct, { cascade: ['insert'] })
  packs?: Relation<WavePack[]>;
}
