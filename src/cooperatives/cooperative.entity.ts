import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Product } from './product.entity';

@Entity('cooperatives')
export class Cooperative {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  region: string;

  @Column({ type: 'varchar', length: 40, default: '' })
  phone: string;

  @OneToMany(() => Product, (product) => product.cooperative)
  products?: Relation<Product[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
