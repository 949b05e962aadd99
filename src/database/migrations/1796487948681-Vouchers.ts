import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Programme vouchers (src/vouchers): batches (face value, validity, who may use them), unique codes,
 * and redemptions, where a partial unique index lets a voucher stand on one order at most; the
 * payment method VOUCHER for an order a voucher paid in full, and the disabled system account that
 * "receives" those payments (payments.received_by_id), never an officer's cash box.
 */
export class Vouchers1796487948681 implements MigrationInterface {
    name = 'Vouchers1796487948681'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."voucher_eligibility" AS ENUM('anyone', 'agency', 'nips')
        `);
        await queryRunner.query(`
            CREATE TABLE "voucher_batches" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "programme" character varying(200) NOT NULL,
                "face_value_rp" bigint NOT NULL,
                "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL,
                "valid_until" TIMESTAMP WITH TIME ZONE NOT NULL,
                "eligibility" "public"."voucher_eligibility" NOT NULL,
                "agency" character varying(200),
                "nips" character(18) array,
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_voucher_batches_nips" CHECK (("eligibility" = 'nips') = ("nips" IS NOT NULL)),
                CONSTRAINT "chk_voucher_batches_agency" CHECK (
                    ("eligibility" = 'agency') = ("agency" IS NOT NULL)
                ),
                CONSTRAINT "chk_voucher_batches_validity" CHECK ("valid_until" > "valid_from"),
                CONSTRAINT "chk_voucher_batches_face_value_positive" CHECK ("face_value_rp" > 0),
                CONSTRAINT "PK_a5493de087a57e93616f744f35a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "vouchers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "batch_id" uuid NOT NULL,
                "code" character varying(14) NOT NULL,
                "assigned_nip" character(18),
                "assigned_name" character varying(200),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_vouchers_code_format" CHECK ("code" ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$'),
                CONSTRAINT "PK_ed1b7dd909a696560763acdbc04" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_vouchers_code" ON "vouchers" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0365b142dda7fedcb6695262b0" ON "vouchers" ("assigned_nip")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_a1a521f31aa74ec151da9a7080" ON "vouchers" ("batch_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "voucher_redemptions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "voucher_id" uuid NOT NULL,
                "order_id" uuid NOT NULL,
                "wave_id" uuid NOT NULL,
                "amount_rp" bigint NOT NULL,
                "payment_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "released_at" TIMESTAMP WITH TIME ZONE,
                "release_reason" character varying(64),
                CONSTRAINT "chk_voucher_redemptions_release_complete" CHECK (
                    ("released_at" IS NULL) = ("release_reason" IS NULL)
                ),
                CONSTRAINT "chk_voucher_redemptions_amount_positive" CHECK ("amount_rp" > 0),
                CONSTRAINT "PK_7597edcf0976617dad5154737f6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2540d2fb46811e7bb1796cbcec" ON "voucher_redemptions" ("wave_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0af64d5936a69889a91978ce81" ON "voucher_redemptions" ("voucher_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_voucher_redemptions_one_per_order" ON "voucher_redemptions" ("order_id")
            WHERE "released_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_voucher_redemptions_one_standing" ON "voucher_redemptions" ("voucher_id")
            WHERE "released_at" IS NULL
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."payment_method"
            ADD VALUE 'VOUCHER'
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_batches"
            ADD CONSTRAINT "FK_934429f320b6a806746f261de6a" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "vouchers"
            ADD CONSTRAINT "FK_a1a521f31aa74ec151da9a70809" FOREIGN KEY ("batch_id") REFERENCES "voucher_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_redemptions"
            ADD CONSTRAINT "FK_0af64d5936a69889a91978ce812" FOREIGN KEY ("voucher_id") REFERENCES "vouchers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_redemptions"
            ADD CONSTRAINT "FK_aa83d09a91fe8cab704dc5c33ef" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_redemptions"
            ADD CONSTRAINT "FK_2540d2fb46811e7bb1796cbcecf" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_redemptions"
            ADD CONSTRAINT "FK_2fa7c898fe4ff6100110d2017c7" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            INSERT INTO "users" ("id", "username", "password_hash", "role", "disabled_at")
            VALUES ('00000000-0000-4000-8000-000000000016', 'sistem.voucher', NULL, 'OFFICER', now())
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DELETE FROM "users" WHERE "id" = '00000000-0000-4000-8000-000000000016'
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_redemptions" DROP CONSTRAINT "FK_2fa7c898fe4ff6100110d2017c7"
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_redemptions" DROP CONSTRAINT "FK_2540d2fb46811e7bb1796cbcecf"
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_redemptions" DROP CONSTRAINT "FK_aa83d09a91fe8cab704dc5c33ef"
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_redemptions" DROP CONSTRAINT "FK_0af64d5936a69889a91978ce812"
        `);
        await queryRunner.query(`
            ALTER TABLE "vouchers" DROP CONSTRAINT "FK_a1a521f31aa74ec151da9a70809"
        `);
        await queryRunner.query(`
            ALTER TABLE "voucher_batches" DROP CONSTRAINT "FK_934429f320b6a806746f261de6a"
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."payment_method_old" AS ENUM('CASH', 'TRANSFER', 'QRIS')
        `);
        await queryRunner.query(`
            ALTER TABLE "payments"
            ALTER COLUMN "method" TYPE "public"."payment_method_old" USING "method"::"text"::"public"."payment_method_old"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."payment_method"
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."payment_method_old"
            RENAME TO "payment_method"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_voucher_redemptions_one_standing"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_voucher_redemptions_one_per_order"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0af64d5936a69889a91978ce81"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2540d2fb46811e7bb1796cbcec"
        `);
        await queryRunner.query(`
            DROP TABLE "voucher_redemptions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a1a521f31aa74ec151da9a7080"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0365b142dda7fedcb6695262b0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_vouchers_code"
        `);
        await queryRunner.query(`
            DROP TABLE "vouchers"
        `);
        await queryRunner.query(`
            DROP TABLE "voucher_batches"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."voucher_eligibility"
        `);
    }

}
