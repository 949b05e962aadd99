import { Column, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { Wave } from '../waves/wave.entity';
import { Order } from './order.entity';

/**
 * What every record of something done to one order at its dropping point carries (a payment, a
 * refund payout, packs handed over, a delivery trip): the order, and its wave and point copied
 * beside it so a desk's or a wave's records are found without the orders table. None of them may
 * outlive what it points at. Each entity's own table still holds these columns (TypeORM's concrete
 * table inheritance).
 */
export abstract class OrderRecord {
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
}
