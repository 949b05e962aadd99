import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial, EntityManager } from 'typeorm';
import { Cooperative } from './cooperative.entity';
import { ProductPack } from './product-pack.entity';
import { Product } from './product.entity';

/** A new product and its packs. */
export type NewProduct = Pick<Product, 'cooperativeId' | 'commodity' | 'name' | 'pricePerKgRp' | 'availableKg'> & {
  packs: Pick<ProductPack, 'sizeKg' | 'priceRp'>[];
};

@Injectable()
export class CooperativesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  add(cooperative: DeepPartial<Cooperative>): Promise<Cooperative> {
    const cooperatives = this.dataSource.getRepository(Cooperative);
    return cooperatives.save(cooperatives.create(cooperative));
  }

  /** The cooperatives with their products and packs, by name; `where.id` narrows to one. */
  list(where: { id?: string }): Promise<Cooperative[]> {
    return this.dataSource.getRepository(Cooperative).find({ where, relations: { products: { packs: true } }, order: { name: 'ASC' } });
  }

  withProducts(id: string): Promise<Cooperative | null> {
    return this.dataSource.getRepository(Cooperative).findOne({ where: { id }, relations: { products: { packs: true } } });
  }

  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(Cooperative, { id });
  }

  addProduct(manager: EntityManager, product: NewProduct): Promise<Product> {
    return manager.save(manager.create(Product, { ...product, packs: product.packs.map((pack) => manager.create(ProductPack, pack)) }));
  }
}
