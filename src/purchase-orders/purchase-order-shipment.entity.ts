import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { User } from '../users/user.entity';
import { PurchaseOrder } from './purchase-order.entity';

export interface ShipmentManifestLine {
  wavePackId: string;
  productId: string;
  sizeKg: number;
  /** Packs loaded for the point. */
  packs: number;
  /** Packs its buyers' orders held at that moment; more than `packs` when the cooperative shipped fewer (absent on older shipments: equal). */
  duePacks?: number;
}

/** The cooperative's delivery of a purchase order to one dropping point (one truck stop). */
@Entity('purchase_order_shipments')
@Index(['purchaseOrderId', 'droppingPointId'], { unique: true })
@Check(
  'chk_purchase_order_shipments_shipped',
  '("shipped_at" IS NULL) = ("shipped_kg" IS NULL) AND ("shipped_at" IS NULL) = ("manifest" IS NULL)',
)
@Check('chk_purchase_order_shipments_kg', '"shipped_kg" IS NULL OR "shipped_kg" >= 0')
export class PurchaseOrderShipment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  purchaseOrderId: string;

  @ManyToOne(() => PurchaseOrder, (order) => order.shipments, { onDelete: 'CASCADE' })
  @JoinColumn()
  purchaseOrder?: Relation<PurchaseOrder>;

  @Column({ type: 'uuid' })
  droppingPointId: string;

  @ManyToOne(() => DroppingPoint, { onDelete: 'RESTRICT' })
  @JoinColumn()
  droppingPoint?: Relation<DroppingPoint>;

  @Column({ type: 'timestamptz', nullable: true })
  shippedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  shippedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn()
  shippedByUser?: Relation<User>;

  /** What was loaded for this point when it was marked shipped (the amended quantities of that moment). */
  @Column({ type: 'integer', nullable: true })
  shippedKg: number | null;

  /** The truck or van that carried it (a plate number or a description), when the cooperative gave it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  vehicle: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  driver: string | null;

  @Column({ type: 'jsonb', nullable: true })
  manifest: ShipmentManifestLine[] | null;
}
