import { MigrationInterface, QueryRunner } from 'typeorm';

/** A wave may repeat on an RRULE, e.g. Bandung's Serlok day (FREQ=MONTHLY;BYDAY=+2TH). */
export class WaveRecurrence1796235326245 implements MigrationInterface {
  name = 'WaveRecurrence1796235326245';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "waves" ADD "recurrence_rule" character varying(500)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "waves" DROP COLUMN "recurrence_rule"`);
  }
}
