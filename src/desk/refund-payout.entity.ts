import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { Refund } from '../payments/refund.entity';
import { User } from '../users/user.entity';
import { OrderRecord } from '../orders/order-record.entity';

/**
 * Cash an officer paid back to a buyer at the desk: it leaves the officer's cash custody. With
 * `refundId` it settles a refund owed for a gateway payment (src/payments); without, money owed on
 * the order itself (paid and cancelled, or cut by a shortfall).
 */
@Entity('refund_payouts')
@Index(['waveId', 'paidById'])
@Index(['orderId'])
@Check('chk_refund_payouts_amount_positive', '"amount_rp" > 0')
export class RefundPayout extends OrderRecord {
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amountRp: number;

  /** The gateway refund this payout settles; one payout per such refund. */
  @Index({ unique: true })
  @Column({ type: 'uuid', nullable: true })
  refundId: string | null;

  @ManyToOne(() => Refund, { onDelete: 'RESTRICT' })
  @JoinColumn()
  refund?: Relation<Refund>;

  @Column({ type: 'uuid' })
  paidById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  paidBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  paidAt: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
