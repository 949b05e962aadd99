import { MigrationInterface, QueryRunner } from "typeorm";

export class PurchaseOrders1795402542569 implements MigrationInterface {
    name = 'PurchaseOrders1795402542569'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "purchase_order_shipments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "purchase_order_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "shipped_at" TIMESTAMP WITH TIME ZONE,
                "shipped_by_user_id" uuid,
                "shipped_kg" integer,
                "manifest" jsonb,
                CONSTRAINT "chk_purchase_order_shipments_kg" CHECK (
                    "shipped_kg" IS NULL
                    OR "shipped_kg" >= 0
                ),
                CONSTRAINT "chk_purchase_order_shipments_shipped" CHECK (
                    ("shipped_at" IS NULL) = ("shipped_kg" IS NULL)
                    AND ("shipped_at" IS NULL) = ("manifest" IS NULL)
                ),
                CONSTRAINT "PK_c664f92f89e2c0c8c1bd6f13174" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_a65c873623c4861fc31ec93b51" ON "purchase_order_shipments" ("purchase_order_id", "dropping_point_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."purchase_order_status" AS ENUM('sent', 'confirmed')
        `);
        await queryRunner.query(`
            CREATE TABLE "purchase_orders" (
                "id" uuid NOT NULL,
                "number" character varying(40) NOT NULL,
                "wave_id" uuid NOT NULL,
                "cooperative_id" uuid NOT NULL,
                "status" "public"."purchase_order_status" NOT NULL DEFAULT 'sent',
                "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "confirmed_at" TIMESTAMP WITH TIME ZONE,
                "confirmed_by_user_id" uuid,
                "orders_count" integer NOT NULL,
                "buyers_count" integer NOT NULL,
                "total_kg" integer NOT NULL,
                "total_rp" bigint NOT NULL,
                CONSTRAINT "UQ_ec2230564d163f5f921aacd5829" UNIQUE ("number"),
                CONSTRAINT "chk_purchase_orders_totals_positive" CHECK (
                    "total_kg" > 0
                    AND "total_rp" > 0
                    AND "orders_count" > 0
                    AND "buyers_count" > 0
                ),
                CONSTRAINT "chk_purchase_orders_confirmed" CHECK (
                    ("status" = 'confirmed') = ("confirmed_at" IS NOT NULL)
                ),
                CONSTRAINT "PK_05148947415204a897e8beb2553" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_3d69ac14d4fb814b52235fbac3" ON "purchase_orders" ("wave_id", "cooperative_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "purchase_order_lines" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "purchase_order_id" uuid NOT NULL,
                "wave_product_id" uuid NOT NULL,
                "wave_pack_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "size_kg" integer NOT NULL,
                "price_rp" integer NOT NULL,
                "packs" integer NOT NULL,
                "kg" integer NOT NULL,
                "amount_rp" bigint NOT NULL,
                CONSTRAINT "chk_purchase_order_lines_amounts" CHECK (
                    "packs" > 0
                    AND "kg" = "size_kg" * "packs"
                    AND "amount_rp" = "price_rp"::bigint * "packs"
                ),
                CONSTRAINT "PK_34a2082d2abb10c5d8713bc19b8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cf189bcc6ded776f266c63dff7" ON "purchase_order_lines" (
                "purchase_order_id",
                "wave_pack_id",
                "dropping_point_id"
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "purchase_order_shortfalls" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "purchase_order_id" uuid NOT NULL,
                "wave_product_id" uuid NOT NULL,
                "requested_kg" integer NOT NULL,
                "cut_kg" integer NOT NULL,
                "orders_reduced" integer NOT NULL,
                "orders_cancelled" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_purchase_order_shortfalls_orders" CHECK (
                    "orders_reduced" >= 0
                    AND "orders_cancelled" >= 0
                ),
                CONSTRAINT "chk_purchase_order_shortfalls_kg" CHECK (
                    "requested_kg" > 0
                    AND "cut_kg" >= "requested_kg"
                ),
                CONSTRAINT "PK_b844ec11d8f37a9a2daf997639d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_41253826c4b4c10db64a4d5e99" ON "purchase_order_shortfalls" ("purchase_order_id", "wave_product_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "shortfall_cuts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "purchase_order_id" uuid NOT NULL,
                "shortfall_id" uuid NOT NULL,
                "order_id" uuid NOT NULL,
                "order_item_id" uuid NOT NULL,
                "wave_pack_id" uuid NOT NULL,
                "wave_product_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "size_kg" integer NOT NULL,
                "unit_price_rp" integer NOT NULL,
                "packs_before" integer NOT NULL,
                "packs_cut" integer NOT NULL,
                "kg" integer NOT NULL,
                "amount_rp" bigint NOT NULL,
                "order_cancelled" boolean NOT NULL,
                "refund_due_rp" bigint NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_shortfall_cuts_refund" CHECK (
                    "refund_due_rp" = 0
                    OR "refund_due_rp" = "amount_rp"
                ),
                CONSTRAINT "chk_shortfall_cuts_amounts" CHECK (
                    "kg" = "size_kg" * "packs_cut"
                    AND "amount_rp" = "unit_price_rp"::bigint * "packs_cut"
                ),
                CONSTRAINT "chk_shortfall_cuts_packs" CHECK (
                    "packs_cut" > 0
                    AND "packs_cut" <= "packs_before"
                ),
                CONSTRAINT "PK_2bf49a6ec811367ab9686e8ee9a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_cc216c55760b9edbe7ac8681f2" ON "shortfall_cuts" ("purchase_order_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5d48481f113885a360152d538a" ON "shortfall_cuts" ("order_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shipments"
            ADD CONSTRAINT "FK_b80875ceeb3d347a7f56f00ae7c" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shipments"
            ADD CONSTRAINT "FK_54f558311f716f9d027207a9f2f" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shipments"
            ADD CONSTRAINT "FK_cda21467861c8ac174639f3fb8a" FOREIGN KEY ("shipped_by_user_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_orders"
            ADD CONSTRAINT "FK_059520df48288162bd96c758d10" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_orders"
            ADD CONSTRAINT "FK_b5e4334b1f70d4119279fd11cdb" FOREIGN KEY ("cooperative_id") REFERENCES "cooperatives"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_orders"
            ADD CONSTRAINT "FK_9fb9eda7662dbfe46646d5f99b0" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_lines"
            ADD CONSTRAINT "FK_c70f4952f88b5bd649151f631c8" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_lines"
            ADD CONSTRAINT "FK_8b448c6386f5a9ad41ed66f64fb" FOREIGN KEY ("wave_product_id") REFERENCES "wave_products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_lines"
            ADD CONSTRAINT "FK_6161d19febd0685fa3d6caae0f0" FOREIGN KEY ("wave_pack_id") REFERENCES "wave_packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_lines"
            ADD CONSTRAINT "FK_2201e23f85a7a1e6b23e0237f7c" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shortfalls"
            ADD CONSTRAINT "FK_ed7dcbe1560e99f525369ec56fc" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shortfalls"
            ADD CONSTRAINT "FK_815fead5b562bf6cdf0d5ee172c" FOREIGN KEY ("wave_product_id") REFERENCES "wave_products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts"
            ADD CONSTRAINT "FK_cc216c55760b9edbe7ac8681f28" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts"
            ADD CONSTRAINT "FK_ab21ff3ff19ae44dcd3f9d71698" FOREIGN KEY ("shortfall_id") REFERENCES "purchase_order_shortfalls"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts"
            ADD CONSTRAINT "FK_5d48481f113885a360152d538a1" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts"
            ADD CONSTRAINT "FK_1d2c01ff2211b693eeb2738e49f" FOREIGN KEY ("wave_pack_id") REFERENCES "wave_packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts" DROP CONSTRAINT "FK_1d2c01ff2211b693eeb2738e49f"
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts" DROP CONSTRAINT "FK_5d48481f113885a360152d538a1"
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts" DROP CONSTRAINT "FK_ab21ff3ff19ae44dcd3f9d71698"
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts" DROP CONSTRAINT "FK_cc216c55760b9edbe7ac8681f28"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shortfalls" DROP CONSTRAINT "FK_815fead5b562bf6cdf0d5ee172c"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shortfalls" DROP CONSTRAINT "FK_ed7dcbe1560e99f525369ec56fc"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_lines" DROP CONSTRAINT "FK_2201e23f85a7a1e6b23e0237f7c"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_lines" DROP CONSTRAINT "FK_6161d19febd0685fa3d6caae0f0"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_lines" DROP CONSTRAINT "FK_8b448c6386f5a9ad41ed66f64fb"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_lines" DROP CONSTRAINT "FK_c70f4952f88b5bd649151f631c8"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_orders" DROP CONSTRAINT "FK_9fb9eda7662dbfe46646d5f99b0"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_orders" DROP CONSTRAINT "FK_b5e4334b1f70d4119279fd11cdb"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_orders" DROP CONSTRAINT "FK_059520df48288162bd96c758d10"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shipments" DROP CONSTRAINT "FK_cda21467861c8ac174639f3fb8a"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shipments" DROP CONSTRAINT "FK_54f558311f716f9d027207a9f2f"
        `);
        await queryRunner.query(`
            ALTER TABLE "purchase_order_shipments" DROP CONSTRAINT "FK_b80875ceeb3d347a7f56f00ae7c"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5d48481f113885a360152d538a"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_cc216c55760b9edbe7ac8681f2"
        `);
        await queryRunner.query(`
            DROP TABLE "shortfall_cuts"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_41253826c4b4c10db64a4d5e99"
        `);
        await queryRunner.query(`
            DROP TABLE "purchase_order_shortfalls"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_cf189bcc6ded776f266c63dff7"
        `);
        await queryRunner.query(`
            DROP TABLE "purchase_order_lines"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3d69ac14d4fb814b52235fbac3"
        `);
        await queryRunner.query(`
            DROP TABLE "purchase_orders"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."purchase_order_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a65c873623c4861fc31ec93b51"
        `);
        await queryRunner.query(`
            DROP TABLE "purchase_order_shipments"
        `);
    }

}
