import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The desk search's trigram index without GIN's pending list: with fastupdate, new buyers wait in
 * an unsorted list (up to 4 MB) that every search reads in full until a vacuum merges it, which
 * took a search at a point of 20,000 orders from milliseconds to tens of them. Buyers register
 * before a wave and are not written in the rush, so writing each into the index at once costs little.
 */
export class DeskSearchIndexWithoutPendingList1796237452529 implements MigrationInterface {
  name = 'DeskSearchIndexWithoutPendingList1796237452529';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "idx_buyers_desk_search" SET (fastupdate = off)`);
    await queryRunner.query(`SELECT gin_clean_pending_list('idx_buyers_desk_search'::regclass)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "idx_buyers_desk_search" SET (fastupdate = on)`);
  }
}
