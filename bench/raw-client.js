'use strict';
/**
 * The raw baseline: the rows one accepted order writes (the order and its item), each order in its
 * own committed transaction, straight through `pg`, with no HTTP, no Nest and no shared counter.
 * It takes jobs until its parent stops it: a warm-up, then the measured run, like the rush.
 */
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const { runPool } = require('./lib');

process.on('message', async (job) => {
  const pool = new Pool({ connectionString: job.databaseUrl, max: job.poolSize });
  await Promise.all(Array.from({ length: job.poolSize }, () => pool.query('SELECT 1')));
  const latencies = new Array(job.count);
  const started = process.hrtime.bigint();
  await runPool(job.count, job.concurrency, async (i) => {
    const sent = process.hrtime.bigint();
    const client = await pool.connect();
    try {
      const orderId = randomUUID();
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, pickup_code, status, total_kg, total_rp, idempotency_key, request_hash, tally_shard, placed_at)
         VALUES ($1, $2, $3, $4, 'pickup', $5, 'placed', $6, $7, $8, $9, 0, now())`,
        [orderId, job.waveId, job.buyerIds[i % job.buyerIds.length], job.droppingPointId, `R${i.toString(36).toUpperCase()}`, job.kg, job.rp, `${job.keyPrefix}-${i}`, 'raw'],
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
    latencies[i] = Number(process.hrtime.bigint() - sent) / 1e6;
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  await pool.end();
  process.send({ elapsedMs, latencies });
});
