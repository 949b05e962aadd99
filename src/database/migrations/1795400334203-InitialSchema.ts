import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1795400334203 implements MigrationInterface {
    name = 'InitialSchema1795400334203'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "dropping_points" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "address" text NOT NULL,
                "latitude" numeric(9, 6) NOT NULL,
                "longitude" numeric(9, 6) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_ef60708b59a658e4a7fe0a4d0c3" UNIQUE ("name"),
                CONSTRAINT "chk_dropping_points_longitude" CHECK (
                    "longitude" BETWEEN -180 AND 180
                ),
                CONSTRAINT "chk_dropping_points_latitude" CHECK (
                    "latitude" BETWEEN -90 AND 90
                ),
                CONSTRAINT "PK_d7ca951d1fa1ec0437beeb8d363" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "product_packs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "product_id" uuid NOT NULL,
                "size_kg" integer NOT NULL,
                "price_rp" integer NOT NULL,
                CONSTRAINT "chk_product_packs_price_positive" CHECK ("price_rp" > 0),
                CONSTRAINT "chk_product_packs_size_positive" CHECK ("size_kg" > 0),
                CONSTRAINT "PK_cc2ebbca12814fc5cf9b9ee045c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_e327b76b3abad872683378d8b2" ON "product_packs" ("product_id", "size_kg")
        `);
        await queryRunner.query(`
            CREATE TABLE "products" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cooperative_id" uuid NOT NULL,
                "commodity" character varying(100) NOT NULL,
                "name" character varying(200) NOT NULL,
                "price_per_kg_rp" integer NOT NULL,
                "available_kg" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_products_available_non_negative" CHECK ("available_kg" >= 0),
                CONSTRAINT "chk_products_price_positive" CHECK ("price_per_kg_rp" > 0),
                CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_69c1e876cb2c4a9a1826247838" ON "products" ("cooperative_id", "name")
        `);
        await queryRunner.query(`
            CREATE TABLE "cooperatives" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "region" character varying(200) NOT NULL DEFAULT '',
                "phone" character varying(40) NOT NULL DEFAULT '',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_e25c58da0d60ba7ca5922588cc1" UNIQUE ("name"),
                CONSTRAINT "PK_52fc93ab8869e3f71c46601fe9b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."user_role" AS ENUM('ADMIN', 'COOP_MANAGER', 'OFFICER', 'BUYER')
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" character varying(64) NOT NULL,
                "password_hash" character varying(255),
                "role" "public"."user_role" NOT NULL,
                "cooperative_id" uuid,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."employee_kind" AS ENUM('PNS', 'PPPK')
        `);
        await queryRunner.query(`
            CREATE TABLE "buyers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "nip" character(18) NOT NULL,
                "kind" "public"."employee_kind" NOT NULL DEFAULT 'PNS',
                "name" character varying(200) NOT NULL,
                "agency" character varying(200) NOT NULL,
                "phone" character varying(32) NOT NULL,
                "default_dropping_point_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_00d0563e17355f153e8a05fbc20" UNIQUE ("user_id"),
                CONSTRAINT "UQ_04a0b0d22829a44188a56fedef9" UNIQUE ("nip"),
                CONSTRAINT "REL_00d0563e17355f153e8a05fbc2" UNIQUE ("user_id"),
                CONSTRAINT "chk_buyers_nip_digits" CHECK ("nip" ~ '^[0-9]{18}$'),
                CONSTRAINT "PK_aff372821d05bac04a18ff8eb87" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."wave_status" AS ENUM(
                'draft',
                'scheduled',
                'open',
                'closed',
                'ordered',
                'confirmed',
                'delivered',
                'completed',
                'cancelled'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "waves" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "status" "public"."wave_status" NOT NULL DEFAULT 'draft',
                "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "hand_out_date" date NOT NULL,
                "payment_deadline" TIMESTAMP WITH TIME ZONE NOT NULL,
                "agencies" text array NOT NULL DEFAULT '{}',
                "closed_reason" character varying(200),
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "copied_from_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_waves_payment_after_opens" CHECK ("payment_deadline" > "opens_at"),
                CONSTRAINT "chk_waves_closes_after_opens" CHECK ("closes_at" > "opens_at"),
                CONSTRAINT "PK_b9a2d49cb544011314ff8ce0fd6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_aeaa0c1991ad8654b7a0ff3d98" ON "waves" ("status", "opens_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "wave_packs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "wave_id" uuid NOT NULL,
                "wave_product_id" uuid NOT NULL,
                "product_pack_id" uuid NOT NULL,
                "size_kg" integer NOT NULL,
                "price_rp" integer NOT NULL,
                CONSTRAINT "chk_wave_packs_price_positive" CHECK ("price_rp" > 0),
                CONSTRAINT "chk_wave_packs_size_positive" CHECK ("size_kg" > 0),
                CONSTRAINT "PK_743d7e7b369991ccd668c0b155d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_553280f205ff0f9a0b168495fb" ON "wave_packs" ("wave_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9f72410a29ec2d0bf1255fac43" ON "wave_packs" ("wave_product_id", "size_kg")
        `);
        await queryRunner.query(`
            CREATE TABLE "wave_products" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "wave_id" uuid NOT NULL,
                "product_id" uuid NOT NULL,
                "cooperative_id" uuid NOT NULL,
                "capacity_kg" integer NOT NULL,
                "per_buyer_limit_kg" integer NOT NULL,
                "price_per_kg_rp" integer NOT NULL,
                "slice_count" smallint NOT NULL DEFAULT '1',
                CONSTRAINT "chk_wave_products_slices" CHECK (
                    "slice_count" BETWEEN 1 AND 256
                ),
                CONSTRAINT "chk_wave_products_limit_positive" CHECK ("per_buyer_limit_kg" > 0),
                CONSTRAINT "chk_wave_products_capacity_positive" CHECK ("capacity_kg" > 0),
                CONSTRAINT "PK_2c63ccbb2b2b31f0d6ad289249e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_a7f144a4e499b1027b6221077a" ON "wave_products" ("wave_id", "product_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "buyer_quotas" (
                "wave_product_id" uuid NOT NULL,
                "buyer_id" uuid NOT NULL,
                "ordered_kg" integer NOT NULL,
                "limit_kg" integer NOT NULL,
                CONSTRAINT "chk_buyer_quotas_within_limit" CHECK (
                    "ordered_kg" >= 0
                    AND "ordered_kg" <= "limit_kg"
                ),
                CONSTRAINT "PK_8a9481977e228e1f3e567b7f240" PRIMARY KEY ("wave_product_id", "buyer_id")
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."order_fulfilment" AS ENUM('pickup', 'delivery')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."order_status" AS ENUM(
                'placed',
                'paid',
                'ready',
                'picked_up',
                'out_for_delivery',
                'delivered',
                'cancelled'
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."order_cancel_reason" AS ENUM(
                'buyer',
                'officer_non_payment',
                'payment_deadline',
                'wave_cancelled',
                'shortfall'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "orders" (
                "id" uuid NOT NULL,
                "wave_id" uuid NOT NULL,
                "buyer_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "fulfilment" "public"."order_fulfilment" NOT NULL,
                "delivery_address" text,
                "delivery_latitude" numeric(9, 6),
                "delivery_longitude" numeric(9, 6),
                "pickup_code" character varying(12) NOT NULL,
                "status" "public"."order_status" NOT NULL DEFAULT 'placed',
                "total_kg" integer NOT NULL,
                "total_rp" bigint NOT NULL,
                "idempotency_key" character varying(128),
                "request_hash" character varying(64),
                "tally_shard" smallint NOT NULL DEFAULT '0',
                "cancel_reason" "public"."order_cancel_reason",
                "cancelled_at" TIMESTAMP WITH TIME ZONE,
                "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_orders_cancel_reason" CHECK (
                    ("status" = 'cancelled') = ("cancel_reason" IS NOT NULL)
                ),
                CONSTRAINT "chk_orders_totals_positive" CHECK (
                    "total_kg" > 0
                    AND "total_rp" > 0
                ),
                CONSTRAINT "chk_orders_delivery_has_address" CHECK (
                    "fulfilment" = 'pickup'
                    OR "delivery_address" IS NOT NULL
                ),
                CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_650c5a6dff13414ad76ad84cb7" ON "orders" ("wave_id", "dropping_point_id", "status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_0a9b984cc80b5d541f94bfb719" ON "orders" ("buyer_id", "idempotency_key")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_58fd7173ecdff8cc72cb968ab4" ON "orders" ("wave_id", "pickup_code")
        `);
        await queryRunner.query(`
            CREATE TABLE "order_items" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "order_id" uuid NOT NULL,
                "wave_pack_id" uuid NOT NULL,
                "wave_product_id" uuid NOT NULL,
                "size_kg" integer NOT NULL,
                "quantity" integer NOT NULL,
                "unit_price_rp" integer NOT NULL,
                "kg" integer NOT NULL,
                "amount_rp" bigint NOT NULL,
                CONSTRAINT "chk_order_items_amounts" CHECK (
                    "kg" = "size_kg" * "quantity"
                    AND "amount_rp" = "unit_price_rp" * "quantity"
                ),
                CONSTRAINT "chk_order_items_quantity_positive" CHECK ("quantity" > 0),
                CONSTRAINT "PK_005269d8574e6fac0493715c308" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_0af594923397a147479d9d48c9" ON "order_items" ("order_id", "wave_pack_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "wave_pack_tallies" (
                "wave_pack_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "shard" smallint NOT NULL,
                "wave_id" uuid NOT NULL,
                "packs" integer NOT NULL DEFAULT '0',
                CONSTRAINT "chk_wave_pack_tallies_non_negative" CHECK ("packs" >= 0),
                CONSTRAINT "PK_f5ff85fa2c7bccae7c75b20885b" PRIMARY KEY ("wave_pack_id", "dropping_point_id", "shard")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8349b114ec3029432ff2c9d055" ON "wave_pack_tallies" ("wave_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "wave_point_tallies" (
                "wave_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "shard" smallint NOT NULL,
                "orders_count" integer NOT NULL DEFAULT '0',
                "kg" bigint NOT NULL DEFAULT '0',
                "value_rp" bigint NOT NULL DEFAULT '0',
                CONSTRAINT "chk_wave_point_tallies_non_negative" CHECK (
                    "orders_count" >= 0
                    AND "kg" >= 0
                    AND "value_rp" >= 0
                ),
                CONSTRAINT "PK_4c36a1074c1669260afe402c3e1" PRIMARY KEY ("wave_id", "dropping_point_id", "shard")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "wave_capacity_slices" (
                "wave_product_id" uuid NOT NULL,
                "slice_no" smallint NOT NULL,
                "remaining_kg" integer NOT NULL,
                CONSTRAINT "chk_wave_capacity_slices_non_negative" CHECK ("remaining_kg" >= 0),
                CONSTRAINT "PK_f6ec8d0c5742d3c4e603b9b7249" PRIMARY KEY ("wave_product_id", "slice_no")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "wave_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "wave_id" uuid NOT NULL,
                "type" character varying(40) NOT NULL,
                "data" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1ebc51227536d180462ef8a5a7f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c64b31401db432869adc78ce51" ON "wave_events" ("wave_id", "type")
        `);
        await queryRunner.query(`
            CREATE TABLE "officer_dropping_points" (
                "user_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                CONSTRAINT "PK_73a33938c87bfdac80d7267a3d3" PRIMARY KEY ("user_id", "dropping_point_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_91b1a1405aa2e4bd9201b98c71" ON "officer_dropping_points" ("user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_67bbc8a7e1aec6b4dea75ba418" ON "officer_dropping_points" ("dropping_point_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "wave_dropping_points" (
                "wave_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                CONSTRAINT "PK_4d5507fcb4e80e3312fa377bce2" PRIMARY KEY ("wave_id", "dropping_point_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_519496d875935fafee84f4c6ff" ON "wave_dropping_points" ("wave_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ba17852f9b9486d793722dee25" ON "wave_dropping_points" ("dropping_point_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "product_packs"
            ADD CONSTRAINT "FK_4029eebf71d8e7bd62b72b343e0" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "products"
            ADD CONSTRAINT "FK_ef4ff8317b8e8f995533d5f3b7b" FOREIGN KEY ("cooperative_id") REFERENCES "cooperatives"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_41e16ca28e775526b605b50b105" FOREIGN KEY ("cooperative_id") REFERENCES "cooperatives"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "buyers"
            ADD CONSTRAINT "FK_00d0563e17355f153e8a05fbc20" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "buyers"
            ADD CONSTRAINT "FK_d1b596da76ea96bd780409e7307" FOREIGN KEY ("default_dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_packs"
            ADD CONSTRAINT "FK_70028e61d32c086b9bd4fddc97e" FOREIGN KEY ("wave_product_id") REFERENCES "wave_products"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_packs"
            ADD CONSTRAINT "FK_fd3dac671672595cc3918751f50" FOREIGN KEY ("product_pack_id") REFERENCES "product_packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_products"
            ADD CONSTRAINT "FK_99f1e41c53ebbe72db768d596a6" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_products"
            ADD CONSTRAINT "FK_cf67bc55b6ea711c71e550dee04" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "buyer_quotas"
            ADD CONSTRAINT "FK_de060cb69f9244ac8fe53206e4f" FOREIGN KEY ("wave_product_id") REFERENCES "wave_products"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "buyer_quotas"
            ADD CONSTRAINT "FK_81e6f8d75f44096897a1d7fbce2" FOREIGN KEY ("buyer_id") REFERENCES "buyers"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "orders"
            ADD CONSTRAINT "FK_64b343c21c3023224b2f1ac4baf" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "orders"
            ADD CONSTRAINT "FK_5e90e93d0e036c3fadbaefa4d0a" FOREIGN KEY ("buyer_id") REFERENCES "buyers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "orders"
            ADD CONSTRAINT "FK_bb77a00c75aef37be1cfa9ffec8" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "order_items"
            ADD CONSTRAINT "FK_145532db85752b29c57d2b7b1f1" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "order_items"
            ADD CONSTRAINT "FK_c845de65db3d87be76663644b22" FOREIGN KEY ("wave_pack_id") REFERENCES "wave_packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_capacity_slices"
            ADD CONSTRAINT "FK_c34685f462fa72753643e552a24" FOREIGN KEY ("wave_product_id") REFERENCES "wave_products"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_events"
            ADD CONSTRAINT "FK_ef42fa33314bbf597c49af50cbc" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "officer_dropping_points"
            ADD CONSTRAINT "FK_91b1a1405aa2e4bd9201b98c715" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        await queryRunner.query(`
            ALTER TABLE "officer_dropping_points"
            ADD CONSTRAINT "FK_67bbc8a7e1aec6b4dea75ba4184" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_dropping_points"
            ADD CONSTRAINT "FK_519496d875935fafee84f4c6ff3" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_dropping_points"
            ADD CONSTRAINT "FK_ba17852f9b9486d793722dee25c" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "wave_dropping_points" DROP CONSTRAINT "FK_ba17852f9b9486d793722dee25c"
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_dropping_points" DROP CONSTRAINT "FK_519496d875935fafee84f4c6ff3"
        `);
        await queryRunner.query(`
            ALTER TABLE "officer_dropping_points" DROP CONSTRAINT "FK_67bbc8a7e1aec6b4dea75ba4184"
        `);
        await queryRunner.query(`
            ALTER TABLE "officer_dropping_points" DROP CONSTRAINT "FK_91b1a1405aa2e4bd9201b98c715"
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_events" DROP CONSTRAINT "FK_ef42fa33314bbf597c49af50cbc"
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_capacity_slices" DROP CONSTRAINT "FK_c34685f462fa72753643e552a24"
        `);
        await queryRunner.query(`
            ALTER TABLE "order_items" DROP CONSTRAINT "FK_c845de65db3d87be76663644b22"
        `);
        await queryRunner.query(`
            ALTER TABLE "order_items" DROP CONSTRAINT "FK_145532db85752b29c57d2b7b1f1"
        `);
        await queryRunner.query(`
            ALTER TABLE "orders" DROP CONSTRAINT "FK_bb77a00c75aef37be1cfa9ffec8"
        `);
        await queryRunner.query(`
            ALTER TABLE "orders" DROP CONSTRAINT "FK_5e90e93d0e036c3fadbaefa4d0a"
        `);
        await queryRunner.query(`
            ALTER TABLE "orders" DROP CONSTRAINT "FK_64b343c21c3023224b2f1ac4baf"
        `);
        await queryRunner.query(`
            ALTER TABLE "buyer_quotas" DROP CONSTRAINT "FK_81e6f8d75f44096897a1d7fbce2"
        `);
        await queryRunner.query(`
            ALTER TABLE "buyer_quotas" DROP CONSTRAINT "FK_de060cb69f9244ac8fe53206e4f"
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_products" DROP CONSTRAINT "FK_cf67bc55b6ea711c71e550dee04"
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_products" DROP CONSTRAINT "FK_99f1e41c53ebbe72db768d596a6"
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_packs" DROP CONSTRAINT "FK_fd3dac671672595cc3918751f50"
        `);
        await queryRunner.query(`
            ALTER TABLE "wave_packs" DROP CONSTRAINT "FK_70028e61d32c086b9bd4fddc97e"
        `);
        await queryRunner.query(`
            ALTER TABLE "buyers" DROP CONSTRAINT "FK_d1b596da76ea96bd780409e7307"
        `);
        await queryRunner.query(`
            ALTER TABLE "buyers" DROP CONSTRAINT "FK_00d0563e17355f153e8a05fbc20"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_41e16ca28e775526b605b50b105"
        `);
        await queryRunner.query(`
            ALTER TABLE "products" DROP CONSTRAINT "FK_ef4ff8317b8e8f995533d5f3b7b"
        `);
        await queryRunner.query(`
            ALTER TABLE "product_packs" DROP CONSTRAINT "FK_4029eebf71d8e7bd62b72b343e0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ba17852f9b9486d793722dee25"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_519496d875935fafee84f4c6ff"
        `);
        await queryRunner.query(`
            DROP TABLE "wave_dropping_points"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_67bbc8a7e1aec6b4dea75ba418"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_91b1a1405aa2e4bd9201b98c71"
        `);
        await queryRunner.query(`
            DROP TABLE "officer_dropping_points"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c64b31401db432869adc78ce51"
        `);
        await queryRunner.query(`
            DROP TABLE "wave_events"
        `);
        await queryRunner.query(`
            DROP TABLE "wave_capacity_slices"
        `);
        await queryRunner.query(`
            DROP TABLE "wave_point_tallies"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8349b114ec3029432ff2c9d055"
        `);
        await queryRunner.query(`
            DROP TABLE "wave_pack_tallies"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0af594923397a147479d9d48c9"
        `);
        await queryRunner.query(`
            DROP TABLE "order_items"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_58fd7173ecdff8cc72cb968ab4"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0a9b984cc80b5d541f94bfb719"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_650c5a6dff13414ad76ad84cb7"
        `);
        await queryRunner.query(`
            DROP TABLE "orders"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."order_cancel_reason"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."order_status"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."order_fulfilment"
        `);
        await queryRunner.query(`
            DROP TABLE "buyer_quotas"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a7f144a4e499b1027b6221077a"
        `);
        await queryRunner.query(`
            DROP TABLE "wave_products"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9f72410a29ec2d0bf1255fac43"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_553280f205ff0f9a0b168495fb"
        `);
        await queryRunner.query(`
            DROP TABLE "wave_packs"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_aeaa0c1991ad8654b7a0ff3d98"
        `);
        await queryRunner.query(`
            DROP TABLE "waves"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."wave_status"
        `);
        await queryRunner.query(`
            DROP TABLE "buyers"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."employee_kind"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."user_role"
        `);
        await queryRunner.query(`
            DROP TABLE "cooperatives"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_69c1e876cb2c4a9a1826247838"
        `);
        await queryRunner.query(`
            DROP TABLE "products"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_e327b76b3abad872683378d8b2"
        `);
        await queryRunner.query(`
            DROP TABLE "product_packs"
        `);
        await queryRunner.query(`
            DROP TABLE "dropping_points"
        `);
    }

}
