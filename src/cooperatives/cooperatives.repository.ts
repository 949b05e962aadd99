import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial, EntityManager } from 'typeorm';
import { Cooperative } from './cooperative.entity';
import { ProductPack } from './product-pack.entity';
import { Product } from './product.entity';

export interface ProductSupply {
  id: string;
  name: string;
  availableKg: number;
}

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

  /**
   * A product's new price per kg and tonnage on offer, its row locked first; false when the
   * cooperative has no such product. Packs priced at size x the old price follow the new price; a
   * pack with a price of its own keeps it.
   */
  async updatePriceAndSupply(
    manager: EntityManager,
    cooperativeId: string,
    productId: string,
    change: { pricePerKgRp: number; availableKg: number },
  ): Promise<boolean> {
    const rows: { price_per_kg_rp: number }[] = await manager.query(
      'SELECT price_per_kg_rp FROM products WHERE id = $1 AND cooperative_id = $2 FOR UPDATE',
      [productId, cooperativeId],
    );
    if (rows.length === 0) return false;
    await manager.query('UPDATE product_packs SET price_rp = size_kg * $2 WHERE product_id = $1 AND price_rp = size_kg * $3', [
      productId,
      change.pricePerKgRp,
      rows[0].price_per_kg_rp,
    ]);
    await manager.query('UPDATE products SET price_per_kg_rp = $2, available_kg = $3 WHERE id = $1', [
      productId,
      change.pricePerKgRp,
      change.availableKg,
    ]);
    return true;
  }

  /**
   * What the cooperatives say they can supply of `productIds`, each row locked until the caller's
   * transaction ends: two waves offering the same product are weighed one after the other, so both
   * cannot take the last of it. NO KEY UPDATE leaves the key-share locks that foreign keys to the
   * product take (a wave offer being inserted) unblocked; ids in order keep two lockers from deadlocking.
   */
  async lockSupply(manager: EntityManager, productIds: readonly string[]): Promise<Map<string, ProductSupply>> {
    const rows: ProductSupply[] = await manager.query(
      `SELECT id, name, available_kg AS "availableKg" FROM products WHERE id = ANY ($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
      [productIds],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}
