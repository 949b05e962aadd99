import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Notifications: one row per (event, recipient, channel), preferences, fan-outs in progress, sweeps,
 * and the status webhooks taken in. The BRIN index on orders.placed_at lets the placed-orders sweep
 * read only the last seconds of orders; the entity lists it with synchronize: false (TypeORM has no
 * BRIN), and inserts in time order keep it nearly free to maintain.
 */
export class Notifications1796237500000 implements MigrationInterface {
    name = 'Notifications1796237500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notification_fanouts" ("id" BIGSERIAL NOT NULL, "event_key" character varying(200) NOT NULL, "kind" character varying(40) NOT NULL, "wave_id" uuid NOT NULL, "cursor" uuid, "created" integer NOT NULL DEFAULT '0', "claimed_until" TIMESTAMP WITH TIME ZONE, "done_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b442f62f52cab514687df97b1fd" UNIQUE ("event_key"), CONSTRAINT "PK_d4771cad5f6360777dfbebefd9d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "notification_preferences" ("buyer_id" uuid NOT NULL, "language" character varying(2) NOT NULL DEFAULT 'id', "whatsapp" boolean NOT NULL DEFAULT true, "sms" boolean NOT NULL DEFAULT true, "email" character varying(320), "announcements" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_77ab1e15e7d2a415de6d6ce6c72" PRIMARY KEY ("buyer_id"))`);
        await queryRunner.query(`CREATE TABLE "notification_sweeps" ("name" character varying(40) NOT NULL, "watermark" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7fceb72afea69ca6f1afa6ed965" PRIMARY KEY ("name"))`);
        await queryRunner.query(`CREATE TABLE "notification_webhook_events" ("body_hash" character(64) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_feaa4399d29e523be9b24e34208" PRIMARY KEY ("body_hash"))`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" BIGSERIAL NOT NULL, "event_key" character varying(200) NOT NULL, "kind" character varying(40) NOT NULL, "recipient_key" character varying(120) NOT NULL, "buyer_id" uuid, "wave_id" uuid, "order_id" uuid, "channel" character varying(8) NOT NULL, "address" character varying(320) NOT NULL, "language" character varying(2) NOT NULL DEFAULT 'id', "params" jsonb NOT NULL DEFAULT '{}', "status" character varying(12) NOT NULL DEFAULT 'pending', "not_before" TIMESTAMP WITH TIME ZONE, "queued_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "provider_message_id" character varying(200), "body" text, "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_notifications_status" CHECK ("status" IN ('pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped')), CONSTRAINT "chk_notifications_channel" CHECK ("channel" IN ('whatsapp', 'sms', 'email')), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_notifications_provider_message" ON "notifications"  ("provider_message_id") WHERE "provider_message_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_notifications_order" ON "notifications"  ("order_id") WHERE "order_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_notifications_wave" ON "notifications"  ("wave_id") WHERE "wave_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_notifications_unqueued" ON "notifications"  ("id") WHERE "queued_at" IS NULL AND "status" = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_event_recipient_channel" ON "notifications"  ("event_key", "recipient_key", "channel") `);
        await queryRunner.query(`CREATE INDEX "idx_orders_placed_at_brin" ON "orders" USING brin ("placed_at")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_orders_placed_at_brin"`);
        await queryRunner.query(`DROP INDEX "public"."uq_notifications_event_recipient_channel"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notifications_unqueued"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notifications_wave"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notifications_order"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notifications_provider_message"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP TABLE "notification_webhook_events"`);
        await queryRunner.query(`DROP TABLE "notification_sweeps"`);
        await queryRunner.query(`DROP TABLE "notification_preferences"`);
        await queryRunner.query(`DROP TABLE "notification_fanouts"`);
    }
}
