import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { Order } from '../orders/order.entity';
import { Refund } from '../payments/refund.entity';
import { User } from '../users/user.entity';
import { Wave } from '../waves/wave.entity';

/**
 * Cash an officer paid back to a buyer at the desk: it leaves the officer's cash custody. With
 * `refundId` it settles a refund owed for a gateway payment (src/payments); without, money owed on
 * the order itself (paid and cancelled, or cut by a shortfall).
 */
@Entity('refund_payouts')
@Index(['waveId', 'paidById'])
@Index(['orderId'])
@Check('chk_refund_payouts_amount_positive', '"amount_rp" > 0')
export class RefundPayout {
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

  @Column({ type: 'uuid' })
  droppingPointId: string;

  @ManyToOne(() => DroppingPoint, { onDelete: 'RESTRICT' })
  @JoinColumn()
  droppingPoint?: Relation<DroppingPoint>;

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
