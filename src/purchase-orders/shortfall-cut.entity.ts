import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { Order } from '../orders/order.entity';
import { WavePack } from '../waves/wave-pack.entity';
import { PurchaseOrderShortfall } from './purchase-order-shortfall.entity';
import { PurchaseOrder } from './purchase-order.entity';

/**
 * What a shortfall took from one line of one buyer's order: the record the buyer, the desk and the
 * reports read to see why an order shrank or was cancelled (the order's items hold what is left).
 */
@Entity('shortfall_cuts')
@Index(['orderId'])
@Index(['purchaseOrderId'])
@Check('chk_shortfall_cuts_packs', '"packs_cut" > 0 AND "packs_cut" <= "packs_before"')
@Check('chk_shortfall_cuts_amounts', '"kg" = "size_kg" * "packs_cut" AND "amount_rp" = "unit_price_rp"::bigint * "packs_cut"')
@Check(
  'chk_shortfall_cuts_refund_split',
  '"refund_due_rp" >= 0 AND "voucher_back_rp" >= 0 AND "refund_due_rp" + "voucher_back_rp" <= "amount_rp" AND ("refund_due_rp" = 0 OR "refund_due_rp" + "voucher_back_rp" = "amount_rp")',
)
export class ShortfallCut {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  purchaseOrderId: string;

  @ManyToOne(() => PurchaseOrder, { onDelete: 'CASCADE' })
  @JoinColumn()
  purchaseOrder?: Relation<PurchaseOrder>;

  @Column({ type: 'uuid' })
  shortfallId: string;

  @ManyToOne(() => PurchaseOrderShortfall, { onDelete: 'CASCADE' })
  @JoinColumn()
  shortfall?: Relation<PurchaseOrderShortfall>;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn()
  order?: Relation<Order>;

  /** The order line cut; no foreign key, because a line cut to nothing is deleted. */
  @Column({ type: 'uuid' })
  orderItemId: string;

  @Column({ type: 'uuid' })
  wavePackId: string;

  @ManyToOne(() => WavePack, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wavePack?: Relation<WavePack>;

  @Column({ type: 'uuid' })
  waveProductId: string;

  @Column({ type: 'uuid' })
  droppingPointId: string;

  @Column({ type: 'integer' })
  sizeKg: number;

  @Column({ type: 'integer' })
  unitPriceRp: number;

  @Column({ type: 'integer' })
  packsBefore: number;

  @Column({ type: 'integer' })
  packsCut: number;

  @Column({ type: 'integer' })
  kg: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amountRp: number;

  /** True when the cut took everything the order had left, so the order was cancelled (reason shortfall). */
  @Column({ type: 'boolean' })
  orderCancelled: boolean;

  /**
   * What the buyer is owed back in money for this cut (cash, transfer or QRIS): the cash-paid part
   * above what the smaller order still needs from cash; 0 when the order had not been paid.
   */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  refundDueRp: number;

  /**
   * What goes back to the order's voucher for this cut: the voucher keeps covering min(its part,
   * the new total); a paid order's cut is refundDueRp + voucherBackRp.
   */
  @Column({ type: 'bigint', transformer: bigintToNumber, default: 0 })
  voucherBackRp: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
