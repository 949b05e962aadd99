import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { Order } from '../orders/order.entity';
import { User } from '../users/user.entity';
import { Wave } from '../waves/wave.entity';
import { GatewayPayment } from './gateway-payment.entity';

export enum RefundReason {
  /** The order was paid already (at the desk, or by another QRIS payment). */
  AlreadyPaid = 'already_paid',
  /** The order was cancelled before the money came. */
  OrderCancelled = 'order_cancelled',
  /** Paid after the wave's payment deadline. */
  DeadlinePassed = 'deadline_passed',
  /** Paid an amount other than the order's total. */
  AmountMismatch = 'amount_mismatch',
}

/**
 * Money the programme owes back to a buyer, raised when a gateway payment could not become the
 * order's payment. Settled by an administrator (a transfer back, or the gateway's refund) with a
 * reference; never deleted.
 */
@Entity('refunds')
@Index(['waveId'])
@Index(['orderId'])
@Check('chk_refunds_amount_positive', '"amount_rp" > 0')
@Check(
  'chk_refunds_settlement_complete',
  '("settled_at" IS NULL) = ("settled_by_id" IS NULL) AND ("settled_at" IS NULL) = ("settlement_reference" IS NULL)',
)
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id: string;

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

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amountRp: number;

  @Column({ type: 'enum', enum: RefundReason, enumName: 'refund_reason' })
  reason: RefundReason;

  /** The gateway payment to give back; one refund per such payment. */
  @Index({ unique: true })
  @Column({ type: 'uuid' })
  gatewayPaymentId: string;

  @ManyToOne(() => GatewayPayment, { onDelete: 'RESTRICT' })
  @JoinColumn()
  gatewayPayment?: Relation<GatewayPayment>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  settledById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  settledBy?: Relation<User>;

  @Column({ type: 'varchar', length: 100, nullable: true })
  settlementReference: string | null;
}
