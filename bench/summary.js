'use strict';
/** Part summary: GET /waves/:id/summary over 1,000,000 bulk-loaded orders, median of 20. */
const { percentile, median, round } = require('./lib');

async function runSummary(ctx) {
  const { settings, log } = ctx;
  log(`summary: bulk-loading ${settings.summaryOrders} orders`);
  const wave = await ctx.createWave('Summary', settings.summaryOrders * settings.kg * 2);
  await bulkOrders(ctx.db, wave, ctx.fixture, settings.summaryOrders, settings.kg);
  return timeSummary(ctx.api, ctx.adminToken, wave, settings.summaryOrders, ctx.failures);
}

/** A million orders as generate_series writes them, with their items and the tallies orders keep. */
async function bulkOrders(db, wave, fixture, count, kg) {
  const offer = wave.products[0];
  const pack = offer.packs.find((p) => p.sizeKg === kg);
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, pickup_code, status, total_kg, total_rp, tally_shard, placed_at)
     WITH b AS (SELECT array_agg(id) AS ids FROM buyers)
     SELECT gen_random_uuid(), $1, b.ids[1 + g % cardinality(b.ids)], ($2::uuid[])[1 + g % 2], 'pickup',
            'S' || g, 'placed', $3, $4, g % 64, now()
       FROM b, generate_series(1, $5) g`,
    [wave.id, fixture.pointIds, kg, pack.priceRp, count],
  );
  await db.query(
    `INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
     SELECT id, $2, $3, $4, 1, $5, $6, $7 FROM orders WHERE wave_id = $1`,
    [wave.id, pack.id, offer.id, kg, pack.priceRp, kg, pack.priceRp],
  );
  await db.query(
    `INSERT INTO wave_point_tallies (wave_id, dropping_point_id, shard, orders_count, kg, value_rp)
     SELECT wave_id, dropping_point_id, tally_shard, count(*), sum(total_kg), sum(total_rp) FROM orders WHERE wave_id = $1 GROUP BY 1, 2, 3`,
    [wave.id],
  );
  await db.query(
    `INSERT INTO wave_pack_tallies (wave_pack_id, dropping_point_id, shard, wave_id, packs)
     SELECT i.wave_pack_id, o.dropping_point_id, o.tally_shard, o.wave_id, sum(i.quantity)
       FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.wave_id = $1 GROUP BY 1, 2, 3, 4`,
    [wave.id],
  );
  await db.query(
    `UPDATE wave_capacity_slices s SET remaining_kg = s.remaining_kg - t.kg
       FROM (SELECT id, ($2::bigint / slice_count) AS kg FROM wave_products WHERE id = $1) t WHERE s.wave_product_id = t.id`,
    [offer.id, count * kg],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
}

async function timeSummary(api, token, wave, count, failures) {
  const timings = [];
  let last;
  for (let i = 0; i < 21; i++) {
    const started = process.hrtime.bigint();
    last = await api('GET', `/waves/${wave.id}/summary`, token);
    if (i > 0) timings.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  if (last.totals.orders !== count) failures.push(`summary counted ${last.totals.orders} of ${count} orders`);
  return {
    orders: count,
    medianMs: round(median(timings), 2),
    p95Ms: round(
      percentile(
        [...timings].sort((a, b) => a - b),
        95,
      ),
      2,
    ),
  };
}

const summaryRows = (s) => [['summary', `median ms at ${s.orders} orders`, s.medianMs, '<= 50']];

module.exports = { runSummary, summaryRows };
