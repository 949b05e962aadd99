import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { Buyer } from '../buyers/buyer.entity';
import { WaveProduct } from '../waves/wave-product.entity';

/** What one buyer has ordered of one wave product; the CHECK enforces the per-buyer limit under any concurrency. */
@Entity('buyer_quotas')
@Check('chk_buyer_quotas_within_limit', '"ordered_kg" >= 0 AND "ordered_kg" <= "limit_kg"')
export class BuyerQuota {
  @PrimaryColumn({ type: 'uuid' })
  waveProductId: string;

  @PrimaryColumn({ type: 'uuid' })
  buyerId: string;

  @ManyToOne(() => WaveProduct, { onDelete: 'CASCADE' })
  @JoinColumn()
  waveProduct?: Relation<WaveProduct>;

  @ManyToOne(() => Buyer, { onDelete: 'CASCADE' })
  @JoinColumn()
  buyer?: Relation<Buyer>;

  @Column({ type: 'integer' })
  orderedKg: number;

  @Column({ type: 'integer' })
  limitKg: number;
}
