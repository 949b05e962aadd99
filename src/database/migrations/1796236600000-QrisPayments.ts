import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paying by QRIS through a payment gateway (src/payments): payment intents (one dynamic QR code
 * per order and amount), every payment the gateway reported (once, by its id) and the refunds owed
 * for those no order could take; and the disabled system account that receives QRIS payments made
 * from the phone (payments.received_by_id), so the desk's one-payment rule and cash reconciliation
 * hold for them unchanged.
 */
export class QrisPayments1796236600000 implements MigrationInterface {
    name = 'QrisPayments1796236600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."payment_intent_status" AS ENUM('pending', 'paid', 'closed')`);
        await queryRunner.query(`CREATE TABLE "payment_intents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "wave_id" uuid NOT NULL, "amount_rp" bigint NOT NULL, "gateway" character varying(32) NOT NULL, "gateway_qr_id" character varying(100), "qr_string" text, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" "public"."payment_intent_status" NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_payment_intents_amount_positive" CHECK ("amount_rp" > 0), CONSTRAINT "PK_cc99975b98c8001a336976fd018" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d546e30ce2a13c68f6328321aa" ON "payment_intents"  ("gateway_qr_id")`);
        await queryRunner.query(`CREATE INDEX "IDX_c586274ceefd1d5b370cbaae3a" ON "payment_intents"  ("status", "expires_at")`);
        await queryRunner.query(`CREATE INDEX "IDX_716b27bb44f07467490b07ba6c" ON "payment_intents"  ("wave_id", "status")`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_payment_intents_one_pending" ON "payment_intents"  ("order_id", "amount_rp") WHERE "status" = 'pending'`);
        await queryRunner.query(`CREATE TYPE "public"."gateway_payment_outcome" AS ENUM('applied', 'refund_due')`);
        await queryRunner.query(`CREATE TABLE "gateway_payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "gateway" character varying(32) NOT NULL, "gateway_payment_id" character varying(100) NOT NULL, "intent_id" uuid NOT NULL, "order_id" uuid NOT NULL, "wave_id" uuid NOT NULL, "amount_rp" bigint NOT NULL, "paid_at" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" "public"."gateway_payment_outcome" NOT NULL, "payment_id" uuid, "via" character varying(16) NOT NULL, "payload" jsonb NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_gateway_payments_applied" CHECK (("outcome" = 'applied') = ("payment_id" IS NOT NULL)), CONSTRAINT "chk_gateway_payments_amount_positive" CHECK ("amount_rp" > 0), CONSTRAINT "PK_e0a82e164b552d48815e341024a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_cc6eaf0e50d5d4955a6936f7c3" ON "gateway_payments"  ("gateway_payment_id")`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7daf99988237e3d56204d20aae" ON "gateway_payments"  ("payment_id") WHERE "payment_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_e2dc1cc9816e4c54a3241d26c0" ON "gateway_payments"  ("order_id")`);
        await queryRunner.query(`CREATE INDEX "IDX_ba192220dfc47d40e279c0d478" ON "gateway_payments"  ("wave_id")`);
        await queryRunner.query(`CREATE TYPE "public"."refund_reason" AS ENUM('already_paid', 'order_cancelled', 'deadline_passed', 'amount_mismatch')`);
        await queryRunner.query(`CREATE TABLE "refunds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "wave_id" uuid NOT NULL, "amount_rp" bigint NOT NULL, "reason" "public"."refund_reason" NOT NULL, "gateway_payment_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "settled_at" TIMESTAMP WITH TIME ZONE, "settled_by_id" uuid, "settlement_reference" character varying(100), CONSTRAINT "chk_refunds_settlement_complete" CHECK (("settled_at" IS NULL) = ("settled_by_id" IS NULL) AND ("settled_at" IS NULL) = ("settlement_reference" IS NULL)), CONSTRAINT "chk_refunds_amount_positive" CHECK ("amount_rp" > 0), CONSTRAINT "PK_5106efb01eeda7e49a78b869738" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a618cf63e6aa55aad4d027a7d1" ON "refunds"  ("gateway_payment_id")`);
        await queryRunner.query(`CREATE INDEX "IDX_a42db6369017df60549539f556" ON "refunds"  ("order_id")`);
        await queryRunner.query(`CREATE INDEX "IDX_db64944306cf7faa6e9cf475c5" ON "refunds"  ("wave_id")`);
        await queryRunner.query(`ALTER TABLE "payment_intents" ADD CONSTRAINT "FK_72d238e0c1a0a0d9972998f9d5d" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment_intents" ADD CONSTRAINT "FK_0ec658b7f584307924ebfeb7829" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "gateway_payments" ADD CONSTRAINT "FK_3631efb8b9b6a673286c28b40a7" FOREIGN KEY ("intent_id") REFERENCES "payment_intents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "gateway_payments" ADD CONSTRAINT "FK_e2dc1cc9816e4c54a3241d26c02" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "gateway_payments" ADD CONSTRAINT "FK_ba192220dfc47d40e279c0d4784" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "gateway_payments" ADD CONSTRAINT "FK_5ebf6abc0aacbbf49e3a238a829" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "refunds" ADD CONSTRAINT "FK_a42db6369017df60549539f5567" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "refunds" ADD CONSTRAINT "FK_db64944306cf7faa6e9cf475c5a" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "refunds" ADD CONSTRAINT "FK_a618cf63e6aa55aad4d027a7d10" FOREIGN KEY ("gateway_payment_id") REFERENCES "gateway_payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "refunds" ADD CONSTRAINT "FK_5b75e6c3256f04fc39089a0c59d" FOREIGN KEY ("settled_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`INSERT INTO "users" ("id", "username", "password_hash", "role", "disabled_at") VALUES ('00000000-0000-4000-8000-000000000015', 'sistem.qris', NULL, 'OFFICER', now())`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "users" WHERE "id" = '00000000-0000-4000-8000-000000000015'`);
        await queryRunner.query(`DROP TYPE "public"."payment_intent_status"`);
        await queryRunner.query(`DROP TABLE "payment_intents"`);
        await queryRunner.query(`DROP INDEX "public"."uq_payment_intents_one_pending"`);
        await queryRunner.query(`DROP TYPE "public"."gateway_payment_outcome"`);
        await queryRunner.query(`DROP TABLE "gateway_payments"`);
        await queryRunner.query(`DROP TYPE "public"."refund_reason"`);
        await queryRunner.query(`DROP TABLE "refunds"`);
        await queryRunner.query(`ALTER TABLE "payment_intents" DROP CONSTRAINT "FK_72d238e0c1a0a0d9972998f9d5d"`);
        await queryRunner.query(`ALTER TABLE "payment_intents" DROP CONSTRAINT "FK_0ec658b7f584307924ebfeb7829"`);
        await queryRunner.query(`ALTER TABLE "gateway_payments" DROP CONSTRAINT "FK_3631efb8b9b6a673286c28b40a7"`);
        await queryRunner.query(`ALTER TABLE "gateway_payments" DROP CONSTRAINT "FK_e2dc1cc9816e4c54a3241d26c02"`);
        await queryRunner.query(`ALTER TABLE "gateway_payments" DROP CONSTRAINT "FK_ba192220dfc47d40e279c0d4784"`);
        await queryRunner.query(`ALTER TABLE "gateway_payments" DROP CONSTRAINT "FK_5ebf6abc0aacbbf49e3a238a829"`);
        await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "FK_a42db6369017df60549539f5567"`);
        await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "FK_db64944306cf7faa6e9cf475c5a"`);
        await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "FK_a618cf63e6aa55aad4d027a7d10"`);
        await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "FK_5b75e6c3256f04fc39089a0c59d"`);
    }
}
