import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an administrator last reset the account's password: tokens issued before it no longer
 * authenticate (src/users/user-status.service.ts).
 */
export class StaffPasswordReset1797300000000 implements MigrationInterface {
  name = 'StaffPasswordReset1797300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "credentials_changed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "credentials_changed_at"`);
  }
}
