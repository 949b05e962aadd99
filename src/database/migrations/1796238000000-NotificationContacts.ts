import { MigrationInterface, QueryRunner } from "typeorm";

/** Staff contacts for notifications: an officer's or a cooperative manager's phone and email. */
export class NotificationContacts1796238000000 implements MigrationInterface {
    name = 'NotificationContacts1796238000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notification_contacts" ("user_id" uuid NOT NULL, "phone" character varying(20), "email" character varying(320), "language" character varying(2) NOT NULL DEFAULT 'id', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2f16d877d69bc0416769513dc9a" PRIMARY KEY ("user_id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "notification_contacts"`);
    }
}
