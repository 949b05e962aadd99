import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trip still waiting for a courier is cancelled when its order leaves the desk another way
 * (handed over at the point, cancelled, payment reversed): no courier is booked for packs that are
 * gone. A worker that booked meanwhile finds the trip cancelled and cancels that booking.
 */
export class DeliveryTripsFollowOrders1795402373960 implements MigrationInterface {
  name = 'DeliveryTripsFollowOrders1795402373960';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "delivery_trips_follow_order"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE delivery_trips SET status = 'cancelled', cancelled_at = now()
         WHERE order_id = NEW.id AND status = 'queued';
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "trg_orders_cancel_queued_trips" AFTER UPDATE OF "status" ON "orders"
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status NOT IN ('ready', 'out_for_delivery', 'delivered'))
      EXECUTE FUNCTION "delivery_trips_follow_order"()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "trg_orders_cancel_queued_trips" ON "orders"');
    await queryRunner.query('DROP FUNCTION "delivery_trips_follow_order"()');
  }
}
