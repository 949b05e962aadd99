import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, the officer's steps: packs handed over before the whole order (a partial hand-over),
 * surplus packs moved between dropping points, and refunds paid out in cash at the desk.
 */
export class DeskSteps1797210000000 implements MigrationInterface {
  name = 'DeskSteps1797210000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "handover_packs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "wave_id" uuid NOT NULL, "dropping_point_id" uuid NOT NULL, "wave_pack_id" uuid NOT NULL, "quantity" integer NOT NULL, "handed_over_by_id" uuid NOT NULL, "handed_over_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_handover_packs_quantity_positive" CHECK ("quantity" > 0), CONSTRAINT "PK_9e7d60737a96eb73d099d95b92c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8c2cdbc00edada6594bae30afc" ON "handover_packs"  ("wave_id", "dropping_point_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_80e524c8c8d132f6fcb267cfab" ON "handover_packs"  ("order_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "refund_payouts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "wave_id" uuid NOT NULL, "dropping_point_id" uuid NOT NULL, "amount_rp" bigint NOT NULL, "refund_id" uuid, "paid_by_id" uuid NOT NULL, "paid_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "note" text, CONSTRAINT "chk_refund_payouts_amount_positive" CHECK ("amount_rp" > 0), CONSTRAINT "PK_614e56486e2ffd0f261b3d70e19" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_1b7f5e75a3f5e03362a5648676" ON "refund_payouts"  ("refund_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_45edc151fe87cf33696b4b3ab6" ON "refund_payouts"  ("order_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_32d2dfdf7cf3ab034b69bcbdf1" ON "refund_payouts"  ("wave_id", "paid_by_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "stock_transfers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "wave_id" uuid NOT NULL, "from_point_id" uuid NOT NULL, "to_point_id" uuid NOT NULL, "recorded_by_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "note" text, CONSTRAINT "chk_stock_transfers_two_points" CHECK ("from_point_id" <> "to_point_id"), CONSTRAINT "PK_ef738a3a4a578c7f1802c1bb50a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_677902ee910de9723bed13d4fe" ON "stock_transfers"  ("wave_id", "to_point_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_75b739ee56f634bc0510d907b7" ON "stock_transfers"  ("wave_id", "from_point_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "stock_transfer_items" ("transfer_id" uuid NOT NULL, "wave_pack_id" uuid NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "chk_stock_transfer_items_quantity_positive" CHECK ("quantity" > 0), CONSTRAINT "PK_d0963a2cbade2fcc8e6cc9f883c" PRIMARY KEY ("transfer_id", "wave_pack_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "handover_packs" ADD CONSTRAINT "FK_80e524c8c8d132f6fcb267cfab7" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "handover_packs" ADD CONSTRAINT "FK_3fe6f7e0a108b7bd8417454d98f" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "handover_packs" ADD CONSTRAINT "FK_878060d0b1a4f84185f20365769" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "handover_packs" ADD CONSTRAINT "FK_76fa0107c82795df4803a67f171" FOREIGN KEY ("wave_pack_id") REFERENCES "wave_packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "handover_packs" ADD CONSTRAINT "FK_c79a6dfdc0c50c73a85a9011699" FOREIGN KEY ("handed_over_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund_payouts" ADD CONSTRAINT "FK_45edc151fe87cf33696b4b3ab6f" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund_payouts" ADD CONSTRAINT "FK_31e78b771428dd5fa04029c9d3f" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund_payouts" ADD CONSTRAINT "FK_332e2e3033ac6611f6c3e84af0c" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund_payouts" ADD CONSTRAINT "FK_1b7f5e75a3f5e03362a56486763" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund_payouts" ADD CONSTRAINT "FK_c242289d6b91b2c535ce6038f63" FOREIGN KEY ("paid_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_transfers" ADD CONSTRAINT "FK_78db27055171968df577a5b7ecf" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_transfers" ADD CONSTRAINT "FK_8f4321e8dfabc1a3ccaf3f8365d" FOREIGN KEY ("from_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_transfers" ADD CONSTRAINT "FK_2e50ffe58f28ad0c9fc0ff47623" FOREIGN KEY ("to_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_transfers" ADD CONSTRAINT "FK_4adf72ad17c61f0bfe5bc30834c" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_transfer_items" ADD CONSTRAINT "FK_6a0f024e84c92b964c516aa7b79" FOREIGN KEY ("transfer_id") REFERENCES "stock_transfers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_transfer_items" ADD CONSTRAINT "FK_dd1f11363fdd803c9ba883f6615" FOREIGN KEY ("wave_pack_id") REFERENCES "wave_packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stock_transfer_items"`);
    await queryRunner.query(`DROP TABLE "stock_transfers"`);
    await queryRunner.query(`DROP TABLE "refund_payouts"`);
    await queryRunner.query(`DROP TABLE "handover_packs"`);
  }
}
