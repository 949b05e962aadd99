-- place_order_batch, version 3: the one order engine. Many orders in one round trip and one commit
-- (OrderBatcher), or a single order that waits for its locks ("wait": true) instead of skipping
-- them: what a batch handed back goes alone through the same steps. Installed by migration
-- 1796237000000; version 2 (1796236500000) had no "wait". A change is a new file and a new migration.
-- Every rule still rests on the tables' constraints; the function only decides, per order, what
-- to do when one of them says no:
--   - capacity comes from slices the batch locks with SKIP LOCKED, so a batch never waits for a
--     slice another batch holds; at the end of a sell-out, when no one slice holds an order, it is
--     spread over every free slice; an order the free slices cannot serve comes back 'sold_out'
--     when even all slices together (read without locks) cannot hold it, else 'short';
--   - each order's own rows go in under a savepoint (an EXCEPTION block), so a buyer over the
--     limit ('limit') or any other constraint ('retry') costs only that order;
--   - an order whose row was not inserted (wave not open, agency, idempotent replay) comes back
--     'refused', or 'retry' when its pickup code happened to be taken;
--   - capacity and the sharded tallies are written once per batch, in a fixed lock order
--     (slices, pack tallies, point tallies).
--   - waiting, the order first locks every slice of its products (in a fixed order, so two waiting
--     orders never deadlock); the steps below then find those slices as their own, so 'short'
--     cannot come back: it is placed, or 'sold_out' when all slices together cannot hold it.
-- At most 48 orders a batch: below the 64 subtransactions PostgreSQL caches per backend.
CREATE OR REPLACE FUNCTION place_order_batch(batch jsonb)
RETURNS TABLE (batch_order_id uuid, batch_outcome text, batch_placed_at timestamptz)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_shard smallint := (batch->>'shard')::smallint;
  v_wait boolean := coalesce((batch->>'wait')::boolean, false);
  o record;
  d record;
  v_slice_product uuid[] := '{}';
  v_slice_no smallint[] := '{}';
  v_slice_left int[] := '{}';
  v_slice_taken int[] := '{}';
  v_reserved int[];
  v_reserved_kg int[];
  v_i int;
  v_picked record;
  v_at timestamptz;
  v_placed uuid[] := '{}';
  v_fits boolean;
  v_sold_out boolean;
  v_need int;
  v_take int;
  v_constraint text;
BEGIN
  FOR o IN
    SELECT * FROM jsonb_to_recordset(batch->'orders') AS x(
      id uuid, wave_id uuid, buyer_id uuid, dropping_point_id uuid, fulfilment order_fulfilment,
      delivery_address text, delivery_latitude numeric, delivery_longitude numeric, pickup_code text,
      total_kg int, total_rp bigint, idempotency_key text, request_hash text, products jsonb, items jsonb)
  LOOP
    batch_order_id := o.id;
    batch_placed_at := NULL;

    IF v_wait THEN
      PERFORM 1 FROM wave_capacity_slices s
       WHERE s.wave_product_id IN (SELECT (p->>'wave_product_id')::uuid FROM jsonb_array_elements(o.products) p)
       ORDER BY s.wave_product_id, s.slice_no
         FOR UPDATE;
    END IF;

    -- Capacity first, in the batch's own memory of the slices it holds.
    v_reserved := '{}';
    v_reserved_kg := '{}';
    v_fits := true;
    FOR d IN SELECT * FROM jsonb_to_recordset(o.products) AS y(wave_product_id uuid, kg int, start_no int) LOOP
      -- A slice already held with room for all of it, else a free one (going round from start_no).
      SELECT min(k) INTO v_i FROM generate_subscripts(v_slice_product, 1) k
       WHERE v_slice_product[k] = d.wave_product_id AND v_slice_left[k] >= d.kg;
      IF v_i IS NULL THEN
        SELECT s.slice_no, s.remaining_kg INTO v_picked FROM wave_capacity_slices s
         WHERE s.wave_product_id = d.wave_product_id AND s.remaining_kg >= d.kg
           AND s.slice_no <> ALL (ARRAY(SELECT v_slice_no[k] FROM generate_subscripts(v_slice_product, 1) k
                                         WHERE v_slice_product[k] = d.wave_product_id))
         ORDER BY s.slice_no < d.start_no, s.slice_no
         LIMIT 1
         FOR UPDATE SKIP LOCKED;
        IF FOUND THEN
          v_slice_product := v_slice_product || d.wave_product_id;
          v_slice_no := v_slice_no || v_picked.slice_no;
          v_slice_left := v_slice_left || v_picked.remaining_kg;
          v_slice_taken := v_slice_taken || 0;
          v_i := cardinality(v_slice_product);
        END IF;
      END IF;
      IF v_i IS NOT NULL THEN
        v_slice_left[v_i] := v_slice_left[v_i] - d.kg;
        v_slice_taken[v_i] := v_slice_taken[v_i] + d.kg;
        v_reserved := v_reserved || v_i;
        v_reserved_kg := v_reserved_kg || d.kg;
        CONTINUE;
      END IF;

      -- The end of a sell-out: no one slice holds it. Hold every free slice with anything left
      -- and spread the kg over them.
      FOR v_picked IN
        SELECT s.slice_no, s.remaining_kg FROM wave_capacity_slices s
         WHERE s.wave_product_id = d.wave_product_id AND s.remaining_kg > 0
           AND s.slice_no <> ALL (ARRAY(SELECT v_slice_no[k] FROM generate_subscripts(v_slice_product, 1) k
                                         WHERE v_slice_product[k] = d.wave_product_id))
         ORDER BY s.slice_no
         FOR UPDATE SKIP LOCKED
      LOOP
        v_slice_product := v_slice_product || d.wave_product_id;
        v_slice_no := v_slice_no || v_picked.slice_no;
        v_slice_left := v_slice_left || v_picked.remaining_kg;
        v_slice_taken := v_slice_taken || 0;
      END LOOP;
      v_need := d.kg;
      IF (SELECT coalesce(sum(v_slice_left[k]), 0) FROM generate_subscripts(v_slice_product, 1) k
           WHERE v_slice_product[k] = d.wave_product_id) >= v_need THEN
        FOR k IN 1 .. cardinality(v_slice_product) LOOP
          CONTINUE WHEN v_slice_product[k] <> d.wave_product_id OR v_slice_left[k] = 0;
          v_take := least(v_slice_left[k], v_need);
          v_slice_left[k] := v_slice_left[k] - v_take;
          v_slice_taken[k] := v_slice_taken[k] + v_take;
          v_reserved := v_reserved || k;
          v_reserved_kg := v_reserved_kg || v_take;
          v_need := v_need - v_take;
          EXIT WHEN v_need = 0;
        END LOOP;
        CONTINUE;
      END IF;

      -- Sold out, or held by other batches? What is left, read without locks, less what this batch
      -- has taken and not yet written (other batches' takes only make it smaller).
      v_sold_out := (SELECT coalesce(sum(s.remaining_kg), 0) FROM wave_capacity_slices s WHERE s.wave_product_id = d.wave_product_id)
                  - (SELECT coalesce(sum(v_slice_taken[k]), 0) FROM generate_subscripts(v_slice_product, 1) k
                      WHERE v_slice_product[k] = d.wave_product_id) < d.kg;
      v_fits := false;
      EXIT;
    END LOOP;

    IF v_fits THEN
      BEGIN
        v_at := NULL;
        INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, delivery_address, delivery_latitude,
                            delivery_longitude, pickup_code, status, total_kg, total_rp, idempotency_key, request_hash,
                            tally_shard, placed_at)
        SELECT o.id, w.id, b.id, o.dropping_point_id, o.fulfilment, o.delivery_address, o.delivery_latitude,
               o.delivery_longitude, o.pickup_code, 'placed', o.total_kg, o.total_rp, o.idempotency_key, o.request_hash,
               v_shard, clock_timestamp()
          FROM waves w, buyers b
         WHERE w.id = o.wave_id AND b.id = o.buyer_id
           AND wave_takes_orders(w, clock_timestamp()) AND wave_open_to(w, b.agency)
           FOR KEY SHARE OF w
        ON CONFLICT DO NOTHING
        RETURNING orders.placed_at INTO v_at;

        IF v_at IS NULL THEN
          batch_outcome := CASE WHEN EXISTS (SELECT 1 FROM orders x WHERE x.wave_id = o.wave_id AND x.pickup_code = o.pickup_code)
                                THEN 'retry' ELSE 'refused' END;
        ELSE
          INSERT INTO buyer_quotas (wave_product_id, buyer_id, ordered_kg, limit_kg)
          SELECT q.wave_product_id, o.buyer_id, q.kg, q.limit_kg
            FROM jsonb_to_recordset(o.products) AS q(wave_product_id uuid, kg int, limit_kg int)
           ORDER BY q.wave_product_id
          ON CONFLICT (wave_product_id, buyer_id) DO UPDATE SET ordered_kg = buyer_quotas.ordered_kg + EXCLUDED.ordered_kg;

          INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
          SELECT o.id, i.wave_pack_id, i.wave_product_id, i.size_kg, i.quantity, i.unit_price_rp, i.kg, i.amount_rp
            FROM jsonb_to_recordset(o.items) AS i(wave_pack_id uuid, wave_product_id uuid, size_kg int, quantity int,
                                                   unit_price_rp int, kg int, amount_rp bigint);
          batch_outcome := 'placed';
          batch_placed_at := v_at;
          v_placed := v_placed || o.id;
        END IF;
      EXCEPTION WHEN check_violation OR unique_violation THEN
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        batch_outcome := CASE WHEN v_constraint = 'chk_buyer_quotas_within_limit' THEN 'limit' ELSE 'retry' END;
      END;
    ELSE
      batch_outcome := CASE WHEN v_sold_out THEN 'sold_out' ELSE 'short' END;
    END IF;

    IF batch_outcome <> 'placed' THEN
      FOR k IN 1 .. cardinality(v_reserved) LOOP
        v_slice_left[v_reserved[k]] := v_slice_left[v_reserved[k]] + v_reserved_kg[k];
        v_slice_taken[v_reserved[k]] := v_slice_taken[v_reserved[k]] - v_reserved_kg[k];
      END LOOP;
    END IF;
    RETURN NEXT;
  END LOOP;

  UPDATE wave_capacity_slices s SET remaining_kg = s.remaining_kg - t.kg
    FROM unnest(v_slice_product, v_slice_no, v_slice_taken) AS t(wave_product_id, slice_no, kg)
   WHERE s.wave_product_id = t.wave_product_id AND s.slice_no = t.slice_no AND t.kg > 0;

  INSERT INTO wave_pack_tallies (wave_pack_id, dropping_point_id, shard, wave_id, packs)
  SELECT i.wave_pack_id, x.dropping_point_id, v_shard, x.wave_id, sum(i.quantity)
    FROM orders x JOIN order_items i ON i.order_id = x.id
   WHERE x.id = ANY (v_placed)
   GROUP BY i.wave_pack_id, x.dropping_point_id, x.wave_id
   ORDER BY i.wave_pack_id, x.dropping_point_id
  ON CONFLICT (wave_pack_id, dropping_point_id, shard) DO UPDATE SET packs = wave_pack_tallies.packs + EXCLUDED.packs;

  INSERT INTO wave_point_tallies (wave_id, dropping_point_id, shard, orders_count, kg, value_rp)
  SELECT x.wave_id, x.dropping_point_id, v_shard, count(*), sum(x.total_kg), sum(x.total_rp)
    FROM orders x
   WHERE x.id = ANY (v_placed)
   GROUP BY x.wave_id, x.dropping_point_id
   ORDER BY x.wave_id, x.dropping_point_id
  ON CONFLICT (wave_id, dropping_point_id, shard) DO UPDATE
     SET orders_count = wave_point_tallies.orders_count + EXCLUDED.orders_count,
         kg = wave_point_tallies.kg + EXCLUDED.kg,
         value_rp = wave_point_tallies.value_rp + EXCLUDED.value_rp;
END
$fn$;
