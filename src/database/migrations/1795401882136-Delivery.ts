import { MigrationInterface, QueryRunner } from "typeorm";

export class Delivery1795401882136 implements MigrationInterface {
    name = 'Delivery1795401882136'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."delivery_trip_status" AS ENUM(
                'queued',
                'booked',
                'in_transit',
                'delivered',
                'failed',
                'cancelled'
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."delivery_failure_stage" AS ENUM('booking', 'delivery')
        `);
        await queryRunner.query(`
            CREATE TABLE "delivery_trips" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "order_id" uuid NOT NULL,
                "wave_id" uuid NOT NULL,
                "dropping_point_id" uuid NOT NULL,
                "part" smallint NOT NULL,
                "parts" smallint NOT NULL,
                "kg" integer NOT NULL,
                "packs" jsonb NOT NULL,
                "courier" character varying(32) NOT NULL,
                "status" "public"."delivery_trip_status" NOT NULL DEFAULT 'queued',
                "dispatch_round" integer NOT NULL DEFAULT '1',
                "booking_attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "failure_stage" "public"."delivery_failure_stage",
                "failure_reason" text,
                "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "booked_at" TIMESTAMP WITH TIME ZONE,
                "picked_up_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "failed_at" TIMESTAMP WITH TIME ZONE,
                "cancelled_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "chk_delivery_trips_failure" CHECK (
                    ("status" = 'failed') = ("failure_stage" IS NOT NULL)
                ),
                CONSTRAINT "chk_delivery_trips_round_positive" CHECK ("dispatch_round" >= 1),
                CONSTRAINT "chk_delivery_trips_kg_positive" CHECK ("kg" > 0),
                CONSTRAINT "chk_delivery_trips_part" CHECK (
                    "part" BETWEEN 1 AND "parts"
                ),
                CONSTRAINT "PK_ff811ba003507511959180674d2" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_981aa2150ae5619f7e06914d7a" ON "delivery_trips" ("wave_id", "dropping_point_id", "status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_delivery_trips_live_part" ON "delivery_trips" ("order_id", "part")
            WHERE "status" IN ('queued', 'booked', 'in_transit', 'delivered')
        `);
        await queryRunner.query(`
            CREATE TABLE "courier_bookings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "trip_id" uuid NOT NULL,
                "courier" character varying(32) NOT NULL,
                "external_id" character varying(100) NOT NULL,
                "idempotency_key" character varying(128),
                "fee_rp" integer NOT NULL,
                "tracking_url" text,
                "recorded_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_courier_bookings_fee" CHECK ("fee_rp" >= 0),
                CONSTRAINT "PK_a657f127468ed68e46585ccce5f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_courier_bookings_external_id" ON "courier_bookings" ("courier", "external_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_courier_bookings_one_per_trip" ON "courier_bookings" ("trip_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "courier_webhook_events" (
                "courier" character varying(32) NOT NULL,
                "event_id" character varying(100) NOT NULL,
                "type" character varying(64) NOT NULL,
                "external_booking_id" character varying(100) NOT NULL,
                "applied" boolean NOT NULL,
                "payload" jsonb NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2fe3b580a089d3ddc00aa80aed6" PRIMARY KEY ("courier", "event_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "outbox_messages" (
                "id" BIGSERIAL NOT NULL,
                "queue" character varying(64) NOT NULL,
                "job_name" character varying(64) NOT NULL,
                "job_id" character varying(200) NOT NULL,
                "payload" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "claimed_until" TIMESTAMP WITH TIME ZONE,
                "enqueued_at" TIMESTAMP WITH TIME ZONE,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "enqueue_count" integer NOT NULL DEFAULT '0',
                "last_error" text,
                CONSTRAINT "UQ_5e3c6847b2040e5a21ce3c180f6" UNIQUE ("job_id"),
                CONSTRAINT "chk_outbox_messages_enqueue_count" CHECK ("enqueue_count" >= 0),
                CONSTRAINT "chk_outbox_messages_payload_object" CHECK (jsonb_typeof("payload") = 'object'),
                CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_outbox_messages_unconfirmed" ON "outbox_messages" ("enqueued_at")
            WHERE "enqueued_at" IS NOT NULL
                AND "completed_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_outbox_messages_pending" ON "outbox_messages" ("id")
            WHERE "enqueued_at" IS NULL
                AND "completed_at" IS NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_trips"
            ADD CONSTRAINT "FK_8e5d820080e130b636df8fe8b9d" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_trips"
            ADD CONSTRAINT "FK_25cacaea44d89ef80bb68828bcc" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_trips"
            ADD CONSTRAINT "FK_cc3ee91b73c39600b70d64f68c1" FOREIGN KEY ("dropping_point_id") REFERENCES "dropping_points"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "courier_bookings"
            ADD CONSTRAINT "FK_edd5a86ce949613a3054030a4df" FOREIGN KEY ("trip_id") REFERENCES "delivery_trips"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "courier_bookings"
            ADD CONSTRAINT "FK_09fbd2f497472a74a3f28008224" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "courier_bookings" DROP CONSTRAINT "FK_09fbd2f497472a74a3f28008224"
        `);
        await queryRunner.query(`
            ALTER TABLE "courier_bookings" DROP CONSTRAINT "FK_edd5a86ce949613a3054030a4df"
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_trips" DROP CONSTRAINT "FK_cc3ee91b73c39600b70d64f68c1"
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_trips" DROP CONSTRAINT "FK_25cacaea44d89ef80bb68828bcc"
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_trips" DROP CONSTRAINT "FK_8e5d820080e130b636df8fe8b9d"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_outbox_messages_pending"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_outbox_messages_unconfirmed"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox_messages"
        `);
        await queryRunner.query(`
            DROP TABLE "courier_webhook_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_courier_bookings_one_per_trip"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_courier_bookings_external_id"
        `);
        await queryRunner.query(`
            DROP TABLE "courier_bookings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_delivery_trips_live_part"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_981aa2150ae5619f7e06914d7a"
        `);
        await queryRunner.query(`
            DROP TABLE "delivery_trips"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."delivery_failure_stage"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."delivery_trip_status"
        `);
    }

}
