import type { EntityManager } from 'typeorm';

/** Every advisory lock the service takes, one number each, so two features never share one by accident. */
export enum AdvisoryLock {
  /** Session lock: one instance migrates at a time. */
  Migrations = 7_302_020,
  /** Per wave and dropping point: the desk's stock (receipts, hand-overs, transfers). */
  DeskStock = 7_302_021,
  /** Per officer and wave: the cash an officer holds. */
  CashCustody = 7_302_022,
  /** Per order: creating its QRIS payment intent (one pending code per order and amount). */
  QrisIntent = 7_302_023,
}

/** Holds `lock` for `name` until the transaction of `manager` ends. */
export async function lockUntilCommit(manager: EntityManager, lock: AdvisoryLock, name: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lock, name]);
}
