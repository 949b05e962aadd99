import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (a wave walked end to end): the administrator's list of agencies, a home-delivery
 * radius per dropping point, and the cancellation reason of a paid no-show who was paid back.
 */
export class WalkthroughRules1796236012149 implements MigrationInterface {
  name = 'WalkthroughRules1796236012149';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "short_name" character varying(50), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_1ea16c73ecef4bab2f61c31c889" UNIQUE ("name"), CONSTRAINT "UQ_e951eb9bb222f96d2067daf26f8" UNIQUE ("short_name"), CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "dropping_points" ADD "delivery_radius_km" integer`);
    await queryRunner.query(`ALTER TYPE "public"."order_cancel_reason" ADD VALUE 'no_show_refunded'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop one value of an enum: the type is rebuilt without it.
    await queryRunner.query(`UPDATE "orders" SET "cancel_reason" = 'officer_non_payment' WHERE "cancel_reason" = 'no_show_refunded'`);
    await queryRunner.query(`ALTER TYPE "public"."order_cancel_reason" RENAME TO "order_cancel_reason_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."order_cancel_reason" AS ENUM('buyer', 'officer_non_payment', 'payment_deadline', 'wave_cancelled', 'shortfall')`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ALTER COLUMN "cancel_reason" TYPE "public"."order_cancel_reason" USING "cancel_reason"::text::"public"."order_cancel_reason"`,
    );
    await queryRunner.query(`DROP TYPE "public"."order_cancel_reason_old"`);
    await queryRunner.query(`ALTER TABLE "dropping_points" DROP COLUMN "delivery_radius_km"`);
    await queryRunner.query(`DROP TABLE "agencies"`);
  }
}
