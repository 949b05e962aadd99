import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { User } from '../users/user.entity';
import { WavePack } from '../waves/wave-pack.entity';
import { PurchaseOrder } from './purchase-order.entity';

export type SurplusOutcome = 'returned' | 'settled';

/**
 * Packs received at a dropping point beyond what the cooperative shipped there, and what became of
 * them: taken back by the cooperative (`returned`) or kept by the programme and paid for at the
 * wave's price (`settled`, on the invoice).
 */
@Entity('purchase_order_surplus')
@Index(['purchaseOrderId', 'droppingPointId'])
@Check('chk_purchase_order_surplus_packs', '"packs" > 0')
@Check('chk_purchase_order_surplus_outcome', `"outcome" IN ('returned', 'settled')`)
export class PurchaseOrderSurplus {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  purchaseOrderId: string;

  @ManyToOne(() => PurchaseOrder, { onDelete: 'CASCADE' })
  @JoinColumn()
  purchaseOrder?: Relation<PurchaseOrder>;

  @Column({ type: 'uuid' })
  droppingPointId: string;

  @ManyToOne(() => DroppingPoint, { onDelete: 'RESTRICT' })
  @JoinColumn()
  droppingPoint?: Relation<DroppingPoint>;

  @Column({ type: 'uuid' })
  wavePackId: string;

  @ManyToOne(() => WavePack, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wavePack?: Relation<WavePack>;

  @Column({ type: 'integer' })
  packs: number;

  @Column({ type: 'varchar', length: 10 })
  outcome: SurplusOutcome;

  @Column({ type: 'uuid', nullable: true })
  recordedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn()
  recordedByUser?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
