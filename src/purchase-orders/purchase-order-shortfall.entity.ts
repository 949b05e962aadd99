import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { WaveProduct } from '../waves/wave-product.entity';
import { PurchaseOrder } from './purchase-order.entity';

/**
 * A shortfall the cooperative declared when confirming: it cannot supply `requestedKg` of a
 * product. `cutKg` is what the allocation rule took from buyers' orders (at least the shortfall,
 * more only where pack sizes force it).
 */
@Entity('purchase_order_shortfalls')
@Index(['purchaseOrderId', 'waveProductId'], { unique: true })
@Check('chk_purchase_order_shortfalls_kg', '"requested_kg" > 0 AND "cut_kg" >= "requested_kg"')
@Check('chk_purchase_order_shortfalls_orders', '"orders_reduced" >= 0 AND "orders_cancelled" >= 0')
export class PurchaseOrderShortfall {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  purchaseOrderId: string;

  @ManyToOne(() => PurchaseOrder, { onDelete: 'CASCADE' })
  @JoinColumn()
  purchaseOrder?: Relation<PurchaseOrder>;

  @Column({ type: 'uuid' })
  waveProductId: string;

  @ManyToOne(() => WaveProduct, { onDelete: 'RESTRICT' })
  @JoinColumn()
  waveProduct?: Relation<WaveProduct>;

  @Column({ type: 'integer' })
  requestedKg: number;

  @Column({ type: 'integer' })
  cutKg: number;

  @Column({ type: 'integer' })
  ordersReduced: number;

  @Column({ type: 'integer' })
  ordersCancelled: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
