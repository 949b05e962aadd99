import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, Relation } from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { Order } from '../orders/order.entity';
import { User } from '../users/user.entity';
import { Wave } from '../waves/wave.entity';

/** The packs of an order handed over at the desk against the pickup code; the key makes it happen once. */
@Entity('order_handovers')
@Index(['waveId', 'droppingPointId'])
export class OrderHandover {
  @PrimaryColumn({ type: 'uuid' })
  orderId: string;

  @OneToOne(() => Order, { onDelete: 'RESTRICT' })
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

  @Column({ type: 'uuid' })
  handedOverById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  handedOverBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  handedOverAt: Date;
}
