import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { Cooperative } from './cooperative.entity';
import { ProductPack } from './product-pack.entity';

/** What a cooperative can supply: one commodity at a price per kg, sold in packs. */
@Entity('products')
@Index(['cooperativeId', 'name'], { unique: true })
@Check('chk_products_price_positive', '"price_per_kg_rp" > 0')
@Check('chk_products_available_non_negative', '"available_kg" >= 0')
export class Product {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cooperativeId: string;

  @ManyToOne(() => Cooperative, (cooperative) => cooperative.products, { onDelete: 'RESTRICT' })
  @JoinColumn()
  cooperative?: Relation<Cooperative>;

  /** e.g. "beras premium", "gula pasir", "minyak goreng". */
  @Column({ type: 'varchar', length: 100 })
  commodity: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'integer' })
  pricePerKgRp: number;

  /** Tonnage the cooperative says it can supply, in kg. */
  @Column({ type: 'integer', default: 0 })
  availableKg: number;

  @OneToMany(() => ProductPack, (pack) => pack.product, { cascade: ['insert'] })
  packs?: Relation<ProductPack[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
