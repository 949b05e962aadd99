import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { User } from '../users/user.entity';
import { Wave } from '../waves/wave.entity';
import { GoodsReceiptItem } from './goods-receipt-item.entity';

/** What arrived from the cooperative at a dropping point for a wave; a point may receive in several deliveries. */
@Entity('goods_receipts')
@Index(['waveId', 'droppingPointId'])
export class GoodsReceipt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

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

  @Column({ type: 'uuid' })
  receivedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  receivedBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @OneToMany(() => GoodsReceiptItem, (item) => item.receipt)
  items?: Relation<GoodsReceiptItem[]>;
}
