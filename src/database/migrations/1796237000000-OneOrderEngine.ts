import { MigrationInterface, QueryRunner } from 'typeorm';
import { moduleSql } from '../sql-file';

/** place_order_batch also places a single order that waits for its locks: the one order engine. */
export class OneOrderEngine1796237000000 implements MigrationInterface {
  name = 'OneOrderEngine1796237000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(moduleSql('orders', 'place_order_batch.3.sql'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(moduleSql('orders', 'place_order_batch.2.sql'));
  }
}
