'use strict';
/**
 * The rows one accepted order writes (the order and its item), straight through `pg`, with no HTTP,
 * no Nest and no shared counter, `concurrency` orders in flight as in the rush. Two ways:
 *   - batchSize 1, the raw baseline: each order in its own committed transaction;
 *   - batchSize > 1, the row limit: up to batchSize orders in one multi-row statement and one commit
 *     (group commit, as the service's batches), so concurrency / batchSize batches at a time.
 * It takes jobs until its parent stops it: a warm-up, then the measured run, like the rush.
 */
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const { runPool } = require('./lib');

process.on('message', async (job) => {
  const pool = new Pool({ connectionString: job.databaseUrl, max: job.poolSize });
  await Promise.all(Array.from({ length: job.poolSize }, () => pool.query('SELECT 1')));
  const latencies = new Array(job.count);
  const batchSize = job.batchSize ?? 1;
  const batches = Math.ceil(job.count / batchSize);
  const write = batchSize === 1 ? writeOne : writeBatch;
  const started = process.hrtime.bigint();
  await runPool(batches, Math.max(1, Math.ceil(job.concurrency / batchSize)), async (b) => {
    const first = b * batchSize;
    const indexes = Array.from({ length: Math.min(batchSize, job.count - first) }, (_, k) => first + k);
    const sent = process.hrtime.bigint();
    await write(pool, job, indexes);
    const latencyMs = Number(process.hrtime.bigint() - sent) / 1e6;
    for (const i of indexes) latencies[i] = latencyMs;
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  await pool.end();
  process.send({ elapsedMs, latencies });
});

const pickupCode = (job, i) => `${job.batchSize > 1 ? 'B' : 'R'}${i.toString(36).toUpperCase()}`;

async function writeOne(pool, job, [i]) {
  const client = await pool.connect();
  try {
    const orderId = randomUUID();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, pickup_code, status, total_kg, total_rp, idempotency_key, request_hash, tally_shard, placed_at)
       VALUES ($1, $2, $3, $4, 'pickup', $5, 'placed', $6, $7, $8, $9, 0, now())`,
      [
        orderId,
        job.waveId,
        job.buyerIds[i % job.buyerIds.length],
        job.droppingPointId,
        pickupCode(job, i),
        job.kg,
        job.rp,
        `${job.keyPrefix}-${i}`,
        'raw',
      ],
    );
    await client.query(
      `INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
       VALUES ($1, $2, $3, $4, 1, $5, $6, $7)`,
      [orderId, job.packId, job.waveProductId, job.kg, job.rp, job.kg, job.rp],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** One statement (so one implicit transaction and one commit) for the orders and their items. */
async function writeBatch(pool, job, indexes) {
  await pool.query({
    name: 'row-limit-batch',
    text: `WITH o AS (
             INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, pickup_code, status, total_kg, total_rp, idempotency_key, request_hash, tally_shard, placed_at)
             SELECT t.id, $1, t.buyer_id, $2, 'pickup', t.code, 'placed', $3, $4, t.key, 'raw', 0, now()
               FROM unnest($5::uuid[], $6::uuid[], $7::varchar[], $8::varchar[]) AS t (id, buyer_id, code, key)
             RETURNING id
           )
           INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
           SELECT o.id, $9, $10, $3, 1, $4, $3, $4 FROM o`,
    values: [
      job.waveId,
      job.droppingPointId,
      job.kg,
      job.rp,
      indexes.map(() => randomUUID()),
      indexes.map((i) => job.buyerIds[i % job.buyerIds.length]),
      indexes.map((i) => pickupCode(job, i)),
      indexes.map((i) => `${job.keyPrefix}-${i}`),
      job.packId,
      job.waveProductId,
    ],
  });
}
