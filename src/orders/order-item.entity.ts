import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { bigintToNumber } from '../common/column-transformers';
import { WavePack } from '../waves/wave-pack.entity';
import { Order } from './order.entity';

@Entity('order_items')
@Index(['orderId', 'wavePackId'], { unique: true })
@Check('chk_order_items_quantity_positive', '"quantity" > 0')
@Check('chk_order_items_amounts', '"kg" = "size_kg" * "quantity" AND "amount_rp" = "unit_price_rp" * "quantity"')
export class OrderItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, (order) => order.items, { onDelete: 'CASCADE' })
  @JoinColumn()
  order?: Relation<Order>;

  @Column({ type: 'uuid' })
  wavePackId: string;

  @ManyToOne(() => WavePack, { onDelete: 'RESTRICT' })
  @JoinColumn()
  wavePack?: Relation<WavePack>;

  @Column({ type: 'uuid' })
  waveProductId: string;

  @Column({ type: 'integer' })
  sizeKg: number;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'integer' })
  unitPriceRp: number;

  @Column({ type: 'integer' })
  kg: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amountRp: number;
}
