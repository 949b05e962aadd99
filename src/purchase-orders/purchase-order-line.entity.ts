import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { WavePack } from '../waves/wave-pack.entity';
import { WaveProduct } from '../waves/wave-product.entity';
import { PurchaseOrder } from './purchase-order.entity';

/**
 * One line of the snapshot: packs of one size of one product for one dropping point. Per product
 * and per point totals are sums of these. Written once when the wave closes, never updated.
 */
@Entity('purchase_order_lines')
@Index(['purchaseOrderId', 'wavePackId', 'droppingPointId'], { unique: true })
@Check('chk_purchase_order_lines_amounts', '"packs" > 0 AND "kg" = "size_kg" * "packs" AND "amount_rp" = "price_rp"::bigint * "packs"')
export class PurchaseOrderLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  purchaseOrderId: string;

  @ManyToOne(() => PurchaseOrder, (order) => order.lines, { onDelete: 'CASCADE' })
  @JoinColumn()
  purchaseOrder?: Relation<PurchaseOrder>;

  @Column({ type: 'uuid' })
  waveProductId: string;

  @ManyToOne(() => WaveProduct, { onDelete: 'RESTRICT' })
  @JoinColumn()
  waveProduct?: Relation<WaveProduct>;

  @Column({ type: 'uuid' })
  wavePackId: string;

  @ManyToOne(() => WavePack, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wavePack?: Relation<WavePack>;

  @Column({ type: 'uuid' })
  droppingPointId: string;

  @ManyToOne(() => DroppingPoint, { onDelete: 'RESTRICT' })
  @JoinColumn()
  droppingPoint?: Relation<DroppingPoint>;

  @Column({ type: 'integer' })
  sizeKg: number;

  /** Price of one pack, as the wave froze it. */
  @Column({ type: 'integer' })
  priceRp: number;

  @Column({ type: 'integer' })
  packs: number;

  @Column({ type: 'integer' })
  kg: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amountRp: number;
}
