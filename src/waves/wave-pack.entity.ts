import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { ProductPack } from '../cooperatives/product-pack.entity';
import { WaveProduct } from './wave-product.entity';

/** A pack size on offer in a wave, with its price frozen at the time the wave was made. */
@Entity('wave_packs')
@Index(['waveProductId', 'sizeKg'], { unique: true })
@Check('chk_wave_packs_size_positive', '"size_kg" > 0')
@Check('chk_wave_packs_price_positive', '"price_rp" > 0')
export class WavePack {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @Index()
  waveId: string;

  @Column({ type: 'uuid' })
  waveProductId: string;

  @ManyToOne(() => WaveProduct, (offer) => offer.packs, { onDelete: 'CASCADE' })
  @JoinColumn()
  waveProduct?: Relation<WaveProduct>;

  @Column({ type: 'uuid' })
  productPackId: string;

  @ManyToOne(() => ProductPack, { onDelete: 'RESTRICT' })
  @JoinColumn()
  productPack?: Relation<ProductPack>;

  @Column({ type: 'integer' })
  sizeKg: number;

  @Column({ type: 'integer' })
  priceRp: number;
}
