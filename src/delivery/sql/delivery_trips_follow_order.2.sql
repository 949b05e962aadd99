-- A trip still waiting for a courier is cancelled when its order leaves the desk another way
-- (handed over at the point, cancelled, payment reversed): no courier is booked for packs that are
-- gone. A worker that booked meanwhile finds the trip cancelled and cancels that booking.
-- Version 2 (migration 1796236500000) keeps the body of version 1 (1795402373960); it lives here,
-- beside the delivery module, and the trigger that fires it stays as installed.
CREATE OR REPLACE FUNCTION delivery_trips_follow_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE delivery_trips SET status = 'cancelled', cancelled_at = now()
   WHERE order_id = NEW.id AND status = 'queued';
  RETURN NULL;
END
$$;
