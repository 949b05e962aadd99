import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { WavePack } from '../waves/wave-pack.entity';
import { GoodsReceipt } from './goods-receipt.entity';

/** Packs of one size that arrived in a goods receipt. */
@Entity('goods_receipt_items')
@Check('chk_goods_receipt_items_quantity', '"quantity" >= 0')
export class GoodsReceiptItem {
  @PrimaryColumn({ type: 'uuid' })
  receiptId: string;

  @ManyToOne(() => GoodsReceipt, (receipt) => receipt.items, { onDelete: 'CASCADE' })
  @JoinColumn()
  receipt?: Relation<GoodsReceipt>;

  @PrimaryColumn({ type: 'uuid' })
  wavePackId: string;

  @ManyToOne(() => WavePack, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wavePack?: Relation<WavePack>;

  @Column({ type: 'integer' })
  quantity: number;
}
