import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { Order } from '../orders/order.entity';
import { Wave } from '../waves/wave.entity';

export enum IntentStatus {
  /** Created at the gateway (or being created); the buyer may pay it until it expires. */
  Pending = 'pending',
  /** The gateway reported a payment for it (applied to the order or owed back). */
  Paid = 'paid',
  /** It expired unpaid, or the order no longer needs it (paid otherwise, cancelled, other amount). */
  Closed = 'closed',
}

/**
 * One dynamic QRIS code asked from the gateway for an order and an amount. At most one pending
 * intent per order and amount (a repeat "Bayar dengan QRIS" shows the same code until it expires).
 */
@Entity('payment_intents')
@Index('uq_payment_intents_one_pending', ['orderId', 'amountRp'], { unique: true, where: `"status" = 'pending'` })
@Index(['waveId', 'status'])
@Index(['status', 'expiresAt'])
@Check('chk_payment_intents_amount_positive', '"amount_rp" > 0')
export class PaymentIntent {
  /** Also the reference_id sent to the gateway, echoed in its callbacks. */
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

  /** Which gateway driver issued it (PAYMENTS_DRIVER). */
  @Column({ type: 'varchar', length: 32 })
  gateway: string;

  /** The gateway's QR code id; null until the gateway answered. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  gatewayQrId: string | null;

  /** The EMVCo payload the buyer's bank app scans. */
  @Column({ type: 'text', nullable: true })
  qrString: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'enum', enum: IntentStatus, enumName: 'payment_intent_status', default: IntentStatus.Pending })
  status: IntentStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
