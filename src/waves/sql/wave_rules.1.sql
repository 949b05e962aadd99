-- The wave's two rules for taking an order, defined once for every query that asks (the order
-- engine, the desk, cancellation, listings). Plain SQL functions, so the planner inlines them.

-- The wave takes orders at `at`: published, and between its opening and closing second. A wave
-- still 'scheduled' at its opening second takes orders before the transition has been recorded.
CREATE OR REPLACE FUNCTION wave_takes_orders(w waves, at timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT w.status IN ('scheduled', 'open') AND w.opens_at <= at AND w.closes_at > at
$$;

-- A buyer of `agency` may order in the wave: a wave names its agencies, or none for all.
CREATE OR REPLACE FUNCTION wave_open_to(w waves, agency text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT cardinality(w.agencies) = 0 OR agency = ANY (w.agencies)
$$;
