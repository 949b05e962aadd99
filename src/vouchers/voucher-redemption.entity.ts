import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { Payment } from '../desk/payment.entity';
import { Order } from '../orders/order.entity';
import { Wave } from '../waves/wave.entity';
import { Voucher } from './voucher.entity';

/**
 * A voucher applied to an order. While it stands (not released) the voucher is spent: the partial
 * unique index `uq_voucher_redemptions_one_standing` lets a voucher stand on one order at most,
 * whatever races. When it covers the whole order it became the order's standing payment
 * (`payment_id`, method VOUCHER); otherwise it lowers what the order still owes, paid by QRIS or
 * at the desk. A cancelled order releases it: the voucher may be used again while it is valid.
 */
@Entity('voucher_redemptions')
@Index('uq_voucher_redemptions_one_standing', ['voucherId'], { unique: true, where: '"released_at" IS NULL' })
@Index('uq_voucher_redemptions_one_per_order', ['orderId'], { unique: true, where: '"released_at" IS NULL' })
@Index(['voucherId'])
@Index(['waveId'])
@Check('chk_voucher_redemptions_amount_positive', '"amount_rp" > 0')
@Check('chk_voucher_redemptions_release_complete', '("released_at" IS NULL) = ("release_reason" IS NULL)')
export class VoucherRedemption {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  voucherId: string;

  @ManyToOne(() => Voucher, { onDelete: 'RESTRICT' })
  @JoinColumn()
  voucher?: Relation<Voucher>;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn()
  order?: Relation<Order>;

  @Column({ type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wave?: Relation<Wave>;

  /** What the voucher pays of the order: its face value, or the order total when that is less. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amountRp: number;

  /** The order's standing payment (method VOUCHER) when the voucher paid it all. */
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn()
  payment?: Relation<Payment>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  releaseReason: string | null;
}
