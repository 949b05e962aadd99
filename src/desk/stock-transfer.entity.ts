import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { User } from '../users/user.entity';
import { WavePack } from '../waves/wave-pack.entity';
import { Wave } from '../waves/wave.entity';

/** Surplus packs moved from one dropping point to another: out of the first point's stock, into the second's. */
@Entity('stock_transfers')
@Index(['waveId', 'fromPointId'])
@Index(['waveId', 'toPointId'])
@Check('chk_stock_transfers_two_points', '"from_point_id" <> "to_point_id"')
export class StockTransfer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wave?: Relation<Wave>;

  @Column({ type: 'uuid' })
  fromPointId: string;

  @ManyToOne(() => DroppingPoint, { onDelete: 'RESTRICT' })
  @JoinColumn()
  fromPoint?: Relation<DroppingPoint>;

  @Column({ type: 'uuid' })
  toPointId: string;

  @ManyToOne(() => DroppingPoint, { onDelete: 'RESTRICT' })
  @JoinColumn()
  toPoint?: Relation<DroppingPoint>;

  @Column({ type: 'uuid' })
  recordedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  recordedBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @OneToMany(() => StockTransferItem, (item) => item.transfer)
  items?: Relation<StockTransferItem[]>;
}

/** Packs of one size moved in a transfer. */
@Entity('stock_transfer_items')
@Check('chk_stock_transfer_items_quantity_positive', '"quantity" > 0')
export class StockTransferItem {
  @PrimaryColumn({ type: 'uuid' })
  transferId: string;

  @ManyToOne(() => StockTransfer, (transfer) => transfer.items, { onDelete: 'CASCADE' })
  @JoinColumn()
  transfer?: Relation<StockTransfer>;

  @PrimaryColumn({ type: 'uuid' })
  wavePackId: string;

  @ManyToOne(() => WavePack, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wavePack?: Relation<WavePack>;

  @Column({ type: 'integer' })
  quantity: number;
}
