import type { EntityManager } from 'typeorm';

export interface ProductSupply {
  id: string;
  name: string;
  availableKg: number;
}

/**
 * What the cooperatives say they can supply of `productIds`, each row locked until the caller's
 * transaction ends: two waves offering the same product are weighed one after the other, so both
 * cannot take the last of it. NO KEY UPDATE leaves the key-share locks that foreign keys to the
 * product take (a wave offer being inserted) unblocked; ids in order keep two lockers from deadlocking.
 */
export async function lockProductSupply(manager: EntityManager, productIds: readonly string[]): Promise<Map<string, ProductSupply>> {
  const rows: ProductSupply[] = await manager.query(
    `SELECT id, name, available_kg AS "availableKg" FROM products WHERE id = ANY ($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
    [productIds],
  );
  return new Map(rows.map((row) => [row.id, row]));
}
