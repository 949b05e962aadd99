import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { User } from '../users/user.entity';
import { OrderRecord } from '../orders/order-record.entity';

export enum PaymentMethod {
  Cash = 'CASH',
  Transfer = 'TRANSFER',
  Qris = 'QRIS',
  /** A programme voucher that paid the whole order (src/vouchers); never recorded at the desk. */
  Voucher = 'VOUCHER',
}

/**
 * A payment an officer confirmed for an order. At most one standing (not reversed) payment per
 * order, enforced by a partial unique index; a reversal keeps the row and says who, when and why.
 */
@Entity('payments')
@Index('uq_payments_one_standing_per_order', ['orderId'], { unique: true, where: '"reversed_at" IS NULL' })
@Index(['orderId'])
@Index(['waveId', 'receivedById'])
@Check('chk_payments_amount_positive', '"amount_rp" > 0')
@Check(
  'chk_payments_reversal_complete',
  '("reversed_at" IS NULL) = ("reversed_by_id" IS NULL) AND ("reversed_at" IS NULL) = ("reversal_reason" IS NULL)',
)
export class Payment extends OrderRecord {
  @Column({ type: 'enum', enum: PaymentMethod, enumName: 'payment_method' })
  method: PaymentMethod;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amountRp: number;

  /** Transfer or QRIS reference, receipt number, ... */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  /** The officer (or administrator) who took the money: the cash is in their custody until handed over. */
  @Column({ type: 'uuid' })
  receivedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  receivedBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  reversedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reversedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  reversedBy?: Relation<User>;

  @Column({ type: 'text', nullable: true })
  reversalReason: string | null;
}
