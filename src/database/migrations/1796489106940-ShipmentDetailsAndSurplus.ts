import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A cooperative's shipment to a dropping point names its vehicle and driver (both optional; its
 * jsonb manifest may hold fewer packs than were due, each line keeping the packs due beside it);
 * packs received at a point beyond what was shipped are returned to the cooperative or settled.
 */
export class ShipmentDetailsAndSurplus1796489106940 implements MigrationInterface {
    name = 'ShipmentDetailsAndSurplus1796489106940'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "purchase_order_shipments" ADD "vehicle" character varying(100)`);
        await queryRunner.query(`ALTER TABLE "purchase_order_shipments" ADD "driver" character varying(100)`);
        await queryRunner.query(`CREATE TABLE "purchase_order_surplus" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purchase_order_id" uuid NOT NULL, "dropping_point_id" uuid NOT NULL, "wave_pack_id" uuid NOT NULL, "packs" integer NOT NULL, "outcome" character varying(10) NOT NULL, "recorded_by_user_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_purchase_order_surplus_outcome" CHECK ("outcome" IN ('returned', 'settled')), CONSTRAINT "chk_purchase_order_surplus_packs" CHECK ("packs" > 0), CONSTRAINT "PK_c721875239e67ccfb93520a03fc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_8c93bab0d0cf8ce331d337632c" ON "purchase_order_surplus" ("purchase_order_id", "dropping_point_id") `);
        await queryRunner.query(`ALTER TABLE "purchase_order_surplus" ADD CONSTRAINT "FK_f6957250a8d5a618158593279d5" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_surplus" ADD CONSTRAINT "FK_bdb7dacb4669724cf75bfcd04bc" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_surplus" ADD CONSTRAINT "FK_4d7f97560e157f8769358def40b" FOREIGN KEY ("wave_pack_id") REFERENCES "wave_packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_surplus" ADD CONSTRAINT "FK_6f9c4f4490ccea227ff0dba5c58" FOREIGN KEY ("recorded_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "purchase_order_surplus" DROP CONSTRAINT "FK_6f9c4f4490ccea227ff0dba5c58"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_surplus" DROP CONSTRAINT "FK_4d7f97560e157f8769358def40b"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_surplus" DROP CONSTRAINT "FK_bdb7dacb4669724cf75bfcd04bc"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_surplus" DROP CONSTRAINT "FK_f6957250a8d5a618158593279d5"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8c93bab0d0cf8ce331d337632c"`);
        await queryRunner.query(`DROP TABLE "purchase_order_surplus"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_shipments" DROP COLUMN "driver"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_shipments" DROP COLUMN "vehicle"`);
    }
}
