import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { User } from '../users/user.entity';
import { WavePack } from '../waves/wave-pack.entity';
import { OrderRecord } from '../orders/order-record.entity';

/**
 * Packs handed over before the whole order was: a partial hand-over when the point is short. The
 * rest is owed to the buyer until the order is handed over in full (order_handovers, picked_up).
 */
@Entity('handover_packs')
@Index(['orderId'])
@Index(['waveId', 'droppingPointId'])
@Check('chk_handover_packs_quantity_positive', '"quantity" > 0')
export class HandoverPack extends OrderRecord {
  @Column({ type: 'uuid' })
  wavePackId: string;

  @ManyToOne(() => WavePack, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wavePack?: Relation<WavePack>;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'uuid' })
  handedOverById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  handedOverBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  handedOverAt: Date;
}
