import { MigrationInterface, QueryRunner } from 'typeorm';
import { moduleSql } from '../sql-file';

/**
 * The bodies of SQL functions now live in the module that owns them; this installs their current
 * versions. The wave's rules for taking an order become functions of their own (waves), used by the
 * order engine (orders); the trigger function that moves trips with their order moves to delivery.
 */
export class SqlInModules1796236500000 implements MigrationInterface {
  name = 'SqlInModules1796236500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(moduleSql('waves', 'wave_rules.1.sql'));
    await queryRunner.query(moduleSql('orders', 'place_order_batch.2.sql'));
    await queryRunner.query(moduleSql('delivery', 'delivery_trips_follow_order.2.sql'));
  }

  public async down(): Promise<void> {
    // Version 1 of each function is in its first migration; going back means restoring those bodies,
    // which a forward-only deployment never does.
    throw new Error('SqlInModules cannot be reverted: restore a backup taken before it');
  }
}
