import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { Payment } from '../desk/payment.entity';
import { Order } from '../orders/order.entity';
import { Wave } from '../waves/wave.entity';
import { PaymentIntent } from './payment-intent.entity';

export enum GatewayPaymentOutcome {
  /** It became the order's standing payment. */
  Applied = 'applied',
  /** It was not needed or not right: the money is owed back (see refunds). */
  RefundDue = 'refund_due',
}

/**
 * Every payment the gateway reported (by callback or by the status API), once: the gateway's
 * payment id is unique, so a duplicated or replayed callback changes nothing.
 */
@Entity('gateway_payments')
@Index(['waveId'])
@Index(['orderId'])
@Check('chk_gateway_payments_amount_positive', '"amount_rp" > 0')
@Check('chk_gateway_payments_applied', `("outcome" = 'applied') = ("payment_id" IS NOT NULL)`)
export class GatewayPayment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  gateway: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 100 })
  gatewayPaymentId: string;

  @Column({ type: 'uuid' })
  intentId: string;

  @ManyToOne(() => PaymentIntent, { onDelete: 'RESTRICT' })
  @JoinColumn()
  intent?: Relation<PaymentIntent>;

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

  /** When the buyer paid, by the gateway's clock. */
  @Column({ type: 'timestamptz' })
  paidAt: Date;

  @Column({ type: 'enum', enum: GatewayPaymentOutcome, enumName: 'gateway_payment_outcome' })
  outcome: GatewayPaymentOutcome;

  /** The desk payment it became, when applied. */
  @Index({ unique: true, where: '"payment_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn()
  payment?: Relation<Payment>;

  /** How it reached us: `callback` or `status_api` (the reconcile job). */
  @Column({ type: 'varchar', length: 16 })
  via: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
