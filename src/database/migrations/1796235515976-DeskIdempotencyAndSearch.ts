import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The desk's Idempotency-Keys (payments, hand-overs and goods receipts sent again by the offline
 * desk), and the index behind the desk search: one trigram index over what an officer may type
 * for a buyer (name, NIP, phone digits), so "siti", "19850312" or "0812 3456" find the buyers
 * without reading every order of the point. It is an expression index written by hand, which
 * TypeORM neither generates nor sees (so the entities need not mention it).
 */
export class DeskIdempotencyAndSearch1796235515976 implements MigrationInterface {
  name = 'DeskIdempotencyAndSearch1796235515976';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "desk_idempotency_keys" (
                "user_id" uuid NOT NULL,
                "key" character varying(128) NOT NULL,
                "action" character varying(32) NOT NULL,
                "request_hash" character(64) NOT NULL,
                "response" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a8d4e6398a5745b8fcc3596f918" PRIMARY KEY ("user_id", "key")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "desk_idempotency_keys"
            ADD CONSTRAINT "FK_8d9b1ae04b4d8a426838e6bd0f3" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
            CREATE INDEX "idx_buyers_desk_search" ON "buyers"
             USING gin ((lower("name") || ' ' || "nip" || ' ' || regexp_replace("phone", '[^0-9]', '', 'g')) gin_trgm_ops)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_buyers_desk_search"`);
    await queryRunner.query(`ALTER TABLE "desk_idempotency_keys" DROP CONSTRAINT "FK_8d9b1ae04b4d8a426838e6bd0f3"`);
    await queryRunner.query(`DROP TABLE "desk_idempotency_keys"`);
  }
}
