import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Product } from './product.entity';

@Entity('product_packs')
@Index(['productId', 'sizeKg'], { unique: true })
@Check('chk_product_packs_size_positive', '"size_kg" > 0')
@Check('chk_product_packs_price_positive', '"price_rp" > 0')
export class ProductPack {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, (product) => product.packs, { onDelete: 'CASCADE' })
  @JoinColumn()
  product?: Relation<Product>;

  @Column({ type: 'integer' })
  sizeKg: number;

  @Column({ type: 'integer' })
  priceRp: number;
}
