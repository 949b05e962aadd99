import { MigrationInterface, QueryRunner } from 'typeorm';

/** A dropping point's opening hours (free text, optional), shown on the buyer's order page. */
export class DroppingPointOpeningHours1796488409561 implements MigrationInterface {
  name = 'DroppingPointOpeningHours1796488409561';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dropping_points" ADD "opening_hours" character varying(200)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dropping_points" DROP COLUMN "opening_hours"`);
  }
}
