import { MigrationInterface, QueryRunner } from "typeorm";

export class DeskAndAudit1795401166993 implements MigrationInterface {
    name = 'DeskAndAudit1795401166993'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" BIGSERIAL NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "action" character varying(64) NOT NULL,
                "entity_type" character varying(32) NOT NULL,
                "entity_id" uuid,
                "order_id" uuid,
                "wave_id" uuid,
                "dropping_point_id" uuid,
                "actor_user_id" uuid,
                "actor_role" character varying(16) NOT NULL,
                "request_id" character varying(64),
                "before" jsonb,
                "after" jsonb,
                "details" jsonb,
                CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_72fa5f8031d03379af0a0bb9cc" ON "audit_entries" ("entity_type", "entity_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_f73c58ad33a9d161b68dc518f9" ON "audit_entries" ("order_id", "id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."cash_recipient" AS ENUM('TREASURER', 'COOPERATIVE')
        `);
        await queryRunner.query(`
            CREATE TABLE "cash_handovers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "wave_id" uuid NOT NULL,
                "officer_id" uuid NOT NULL,
                "amount_rp" bigint NOT NULL,
                "recipient" "public"."cash_recipient" NOT NULL,
                "recipient_name" character varying(200),
                "note" text,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "confirmed_at" TIMESTAMP WITH TIME ZONE,
                "confirmed_by_id" uuid,
                CONSTRAINT "chk_cash_handovers_not_self_confirmed" CHECK (
                    "confirmed_by_id" IS NULL
                    OR "confirmed_by_id" <> "officer_id"
                ),
                CONSTRAINT "chk_cash_handovers_confirmation" CHECK (
                    ("confirmed_at" IS NULL) = ("confirmed_by_id" IS NULL)
                ),
                CONSTRAINT "chk_cash_handovers_amount_positive" CHECK ("amount_rp" > 0),
                CONSTRAINT "PK_9d2fe782af548f595632653431b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_3e67df92eaba970be4d5aafb99" ON "cash_handovers" ("wave_id", "officer_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "goods_receipts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "wave_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "received_by_id" uuid NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "note" text,
                CONSTRAINT "PK_f8cac411be0211f923e1be8534f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7c336f212613fe30dedb00476a" ON "goods_receipts" ("wave_id", "dropping_point_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "goods_receipt_items" (
                "receipt_id" uuid NOT NULL,
                "wave_pack_id" uuid NOT NULL,
                "quantity" integer NOT NULL,
                CONSTRAINT "chk_goods_receipt_items_quantity" CHECK ("quantity" >= 0),
                CONSTRAINT "PK_4450d5a6e32fede17932c8a8e3d" PRIMARY KEY ("receipt_id", "wave_pack_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "order_handovers" (
                "order_id" uuid NOT NULL,
                "wave_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "handed_over_by_id" uuid NOT NULL,
                "handed_over_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a1101f7cecf661f4216546ee379" PRIMARY KEY ("order_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8f025a9efc0ed320db461f33a0" ON "order_handovers" ("wave_id", "dropping_point_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."payment_method" AS ENUM('CASH', 'TRANSFER', 'QRIS')
        `);
        await queryRunner.query(`
            CREATE TABLE "payments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "order_id" uuid NOT NULL,
                "wave_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "method" "public"."payment_method" NOT NULL,
                "amount_rp" bigint NOT NULL,
                "reference" character varying(100),
                "received_by_id" uuid NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "reversed_at" TIMESTAMP WITH TIME ZONE,
                "reversed_by_id" uuid,
                "reversal_reason" text,
                CONSTRAINT "chk_payments_reversal_complete" CHECK (
                    ("reversed_at" IS NULL) = ("reversed_by_id" IS NULL)
                    AND ("reversed_at" IS NULL) = ("reversal_reason" IS NULL)
                ),
                CONSTRAINT "chk_payments_amount_positive" CHECK ("amount_rp" > 0),
                CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_eac8491161fd1e7cc4c48ddfa3" ON "payments" ("wave_id", "received_by_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b2f7b823a21562eeca20e72b00" ON "payments" ("order_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_payments_one_standing_per_order" ON "payments" ("order_id")
            WHERE "reversed_at" IS NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "cash_handovers"
            ADD CONSTRAINT "FK_5a7ce7917a11e750eb57622ffeb" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "cash_handovers"
            ADD CONSTRAINT "FK_a9d45ac535466a145d089c3eece" FOREIGN KEY ("officer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "cash_handovers"
            ADD CONSTRAINT "FK_a46ded3b774a1e85087cb33bcd1" FOREIGN KEY ("confirmed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipts"
            ADD CONSTRAINT "FK_5d541825d98d49431ab000373fa" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipts"
            ADD CONSTRAINT "FK_9cf4492a713cdc5e9c264a288ac" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipts"
            ADD CONSTRAINT "FK_1dbba4c1816de4434adaa9daa56" FOREIGN KEY ("received_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipt_items"
            ADD CONSTRAINT "FK_fb46f28f13fb590b0d8470d32d7" FOREIGN KEY ("receipt_id") REFERENCES "goods_receipts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipt_items"
            ADD CONSTRAINT "FK_bba250dcb9bcd359bbc0edb2e5b" FOREIGN KEY ("wave_pack_id") REFERENCES "wave_packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "order_handovers"
            ADD CONSTRAINT "FK_a1101f7cecf661f4216546ee379" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "order_handovers"
            ADD CONSTRAINT "FK_745f839158730f83b06273c9ad7" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "order_handovers"
            ADD CONSTRAINT "FK_5431d575cccf68d5ba78ed6ed44" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "order_handovers"
            ADD CONSTRAINT "FK_ac235546575a57636fab875b77a" FOREIGN KEY ("handed_over_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "FK_b2f7b823a21562eeca20e72b006" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "FK_cddc86cf773ee2ee12ed857849f" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "FK_b18b35932a3abf00de41da64190" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "FK_fdb95dd85ac02027afaed80f139" FOREIGN KEY ("received_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "FK_d666e82a7bcfdb457ab057b7ab9" FOREIGN KEY ("reversed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // The audit trail is append-only in the database itself, not only in the API.
        await queryRunner.query(`
            CREATE FUNCTION "audit_entries_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "trg_audit_entries_append_only" BEFORE UPDATE OR DELETE ON "audit_entries"
            FOR EACH ROW EXECUTE FUNCTION "audit_entries_refuse_change"()
        `);
        await queryRunner.query(`
            CREATE TRIGGER "trg_audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
            FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_refuse_change"()
        `);
        // Every change of an order's status, by whatever code path, lands in the trail with the actor
        // the application put in the transaction-local setting gelombang.audit_actor (see
        // AuditContextSubscriber). Without one: the buyer for their own cancellation, else the system.
        // One statement-level INSERT per UPDATE statement, so bulk cancellations stay cheap.
        await queryRunner.query(`
            CREATE FUNCTION "audit_order_status_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                actor jsonb := nullif(current_setting('gelombang.audit_actor', true), '')::jsonb;
            BEGIN
                INSERT INTO "audit_entries" ("action", "entity_type", "entity_id", "order_id", "wave_id", "dropping_point_id",
                                             "actor_user_id", "actor_role", "request_id", "before", "after", "details")
                SELECT 'order.status_changed', 'order', n."id", n."id", n."wave_id", n."dropping_point_id",
                       coalesce((actor ->> 'userId')::uuid, CASE WHEN n."cancel_reason" = 'buyer' THEN b."user_id" END),
                       coalesce(actor ->> 'role', CASE WHEN n."cancel_reason" = 'buyer' THEN 'BUYER' ELSE 'SYSTEM' END),
                       actor ->> 'requestId',
                       jsonb_build_object('status', o."status"),
                       jsonb_strip_nulls(jsonb_build_object('status', n."status", 'cancelReason', n."cancel_reason")),
                       NULL
                  FROM new_rows n
                  JOIN old_rows o ON o."id" = n."id"
                  LEFT JOIN "buyers" b ON b."id" = n."buyer_id"
                 WHERE n."status" IS DISTINCT FROM o."status";
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "trg_orders_audit_status" AFTER UPDATE ON "orders"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION "audit_order_status_changes"()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TRIGGER "trg_orders_audit_status" ON "orders"
        `);
        await queryRunner.query(`
            DROP FUNCTION "audit_order_status_changes"()
        `);
        await queryRunner.query(`
            DROP TRIGGER "trg_audit_entries_no_truncate" ON "audit_entries"
        `);
        await queryRunner.query(`
            DROP TRIGGER "trg_audit_entries_append_only" ON "audit_entries"
        `);
        await queryRunner.query(`
            DROP FUNCTION "audit_entries_refuse_change"()
        `);
        await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "FK_d666e82a7bcfdb457ab057b7ab9"
        `);
        await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "FK_fdb95dd85ac02027afaed80f139"
        `);
        await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "FK_b18b35932a3abf00de41da64190"
        `);
        await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "FK_cddc86cf773ee2ee12ed857849f"
        `);
        await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "FK_b2f7b823a21562eeca20e72b006"
        `);
        await queryRunner.query(`
            ALTER TABLE "order_handovers" DROP CONSTRAINT "FK_ac235546575a57636fab875b77a"
        `);
        await queryRunner.query(`
            ALTER TABLE "order_handovers" DROP CONSTRAINT "FK_5431d575cccf68d5ba78ed6ed44"
        `);
        await queryRunner.query(`
            ALTER TABLE "order_handovers" DROP CONSTRAINT "FK_745f839158730f83b06273c9ad7"
        `);
        await queryRunner.query(`
            ALTER TABLE "order_handovers" DROP CONSTRAINT "FK_a1101f7cecf661f4216546ee379"
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipt_items" DROP CONSTRAINT "FK_bba250dcb9bcd359bbc0edb2e5b"
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipt_items" DROP CONSTRAINT "FK_fb46f28f13fb590b0d8470d32d7"
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipts" DROP CONSTRAINT "FK_1dbba4c1816de4434adaa9daa56"
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipts" DROP CONSTRAINT "FK_9cf4492a713cdc5e9c264a288ac"
        `);
        await queryRunner.query(`
            ALTER TABLE "goods_receipts" DROP CONSTRAINT "FK_5d541825d98d49431ab000373fa"
        `);
        await queryRunner.query(`
            ALTER TABLE "cash_handovers" DROP CONSTRAINT "FK_a46ded3b774a1e85087cb33bcd1"
        `);
        await queryRunner.query(`
            ALTER TABLE "cash_handovers" DROP CONSTRAINT "FK_a9d45ac535466a145d089c3eece"
        `);
        await queryRunner.query(`
            ALTER TABLE "cash_handovers" DROP CONSTRAINT "FK_5a7ce7917a11e750eb57622ffeb"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_payments_one_standing_per_order"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b2f7b823a21562eeca20e72b00"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_eac8491161fd1e7cc4c48ddfa3"
        `);
        await queryRunner.query(`
            DROP TABLE "payments"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."payment_method"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8f025a9efc0ed320db461f33a0"
        `);
        await queryRunner.query(`
            DROP TABLE "order_handovers"
        `);
        await queryRunner.query(`
            DROP TABLE "goods_receipt_items"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7c336f212613fe30dedb00476a"
        `);
        await queryRunner.query(`
            DROP TABLE "goods_receipts"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3e67df92eaba970be4d5aafb99"
        `);
        await queryRunner.query(`
            DROP TABLE "cash_handovers"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."cash_recipient"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f73c58ad33a9d161b68dc518f9"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_72fa5f8031d03379af0a0bb9cc"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
    }

}
