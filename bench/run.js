'use strict';
/**
 * npm run bench: the minute a wave opens, measured honestly.
 *   1. rush: N buyers (tokens issued beforehand) order 10 kg each at concurrency K against a wave
 *      whose capacity is half the demand; checked afterwards in SQL.
 *   2. raw baseline: the same rows written straight with pg, same machine, same concurrency.
 *   3. summary at 1,000,000 bulk-loaded orders: median of 20 GET /waves/:id/summary.
 *   4. dispatch: 10,000 delivery intents through the outbox relay into BullMQ vs raw addBulk.
 * Prints one table, writes bench/results.json, exits non-zero only when a correctness check fails.
 * Settings (env): BENCH_BUYERS (20000), BENCH_CONCURRENCY (256), BENCH_KG (10), BENCH_SUMMARY_ORDERS
 * (1000000), BENCH_DISPATCH (10000), BENCH_POOL_SIZE (database connections, 20), BENCH_WEB_CONCURRENCY,
 * BENCH_PARTS (which parts run: rush,summary,dispatch).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const { percentile, median, startChild, round } = require('./lib');

const ROOT = path.join(__dirname, '..');
const settings = {
  buyers: Number(process.env.BENCH_BUYERS ?? 20_000),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 256),
  kg: Number(process.env.BENCH_KG ?? 10),
  summaryOrders: Number(process.env.BENCH_SUMMARY_ORDERS ?? 1_000_000),
  dispatch: Number(process.env.BENCH_DISPATCH ?? 10_000),
  poolSize: Number(process.env.BENCH_POOL_SIZE ?? 20),
  webConcurrency: Number(process.env.BENCH_WEB_CONCURRENCY ?? 1),
  port: Number(process.env.BENCH_PORT ?? 3900),
  adminUrl: process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  parts: (process.env.BENCH_PARTS ?? 'rush,summary,dispatch').split(','),
};
const JWT_SECRET = 'benchmark-secret-not-for-production';
const ADMIN_PASSWORD = 'benchmark-admin-password';
const databaseUrl = (() => {
  const url = new URL(settings.adminUrl);
  url.pathname = '/gelombang_bench';
  return url.toString();
})();

async function main() {
  const failures = [];
  await recreateDatabase();
  const service = await startService();
  const results = { settings, rush: null, summary: null, dispatch: null };
  try {
    const api = apiClient(settings.port);
    const adminToken = (await api('POST', '/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD })).accessToken;
    const fixture = await createFixture(api, adminToken);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      if (settings.parts.includes('rush')) results.rush = await runRush(api, adminToken, fixture, db, failures);
      if (settings.parts.includes('summary')) {
        log(`summary: bulk-loading ${settings.summaryOrders} orders`);
        const summaryWave = await createWave(api, adminToken, fixture, 'Summary', settings.summaryOrders * settings.kg * 2, settings.kg);
        await bulkOrders(db, summaryWave, fixture, settings.summaryOrders);
        results.summary = await timeSummary(api, adminToken, summaryWave, settings.summaryOrders, failures);
      }
      if (settings.parts.includes('dispatch')) results.dispatch = await runDispatch(db, fixture, failures);
    } finally {
      await db.end();
    }
  } finally {
    service.kill('SIGTERM');
  }
  printTable(results);
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (failures.length > 0) {
    console.error(`\nCorrectness checks failed:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
}

/** Parts 1 and 2: the rush through the service, then the same rows straight through pg. */
async function runRush(api, adminToken, fixture, db, failures) {
  const buyers = await bulkBuyers(db, settings.buyers);
  const tokens = await issueTokens(buyers);

  // A service that has taken orders before (earlier waves) has its order path compiled by V8;
  // without this the rush would also time the JIT warming up (about a fifth of its CPU here). The
  // load process is the same for both, so the rush does not time its compiling either.
  const loadProcess = startChild(path.join(__dirname, 'rush-client.js'));
  let rush;
  try {
    log('warm-up: the same order route on a wave of its own');
    const warmWave = await createWave(api, adminToken, fixture, 'Warm-up', settings.buyers * settings.kg, settings.kg);
    await loadProcess.run({
      port: settings.port,
      concurrency: settings.concurrency,
      waveId: warmWave.id,
      packId: packOf(warmWave, settings.kg),
      quantity: 1,
      droppingPointIds: fixture.pointIds,
      tokens: tokens.slice(0, Math.min(tokens.length, 4_000)),
      keyPrefix: 'warm-up',
    });
    log(`rush: ${settings.buyers} buyers x ${settings.kg} kg at concurrency ${settings.concurrency}`);
    const rushWave = await createWave(api, adminToken, fixture, 'Rush', (settings.buyers * settings.kg) / 2, settings.kg);
    rush = await loadProcess.run({
      port: settings.port,
      concurrency: settings.concurrency,
      waveId: rushWave.id,
      packId: packOf(rushWave, settings.kg),
      quantity: 1,
      droppingPointIds: fixture.pointIds,
      tokens,
    });
    rush.wave = rushWave;
  } finally {
    loadProcess.stop();
  }
  if (process.env.BENCH_DUMP) fs.writeFileSync(process.env.BENCH_DUMP, JSON.stringify(rush.results));
  const rushResults = await checkRush(db, rush.wave, rush, failures);

  log('raw baseline: the same rows with pg, no HTTP, no Nest, no shared counter');
  const rawJob = async (name, count) => {
    const keyPrefix = name.toLowerCase().replace(/\W+/g, '-');
    const wave = await createWave(api, adminToken, fixture, name, settings.buyers * settings.kg, settings.kg);
    return {
      databaseUrl,
      poolSize: settings.poolSize,
      concurrency: settings.concurrency,
      count,
      waveId: wave.id,
      waveProductId: wave.products[0].id,
      packId: packOf(wave, settings.kg),
      droppingPointId: fixture.pointIds[0],
      buyerIds: buyers.map((b) => b.buyer_id),
      kg: settings.kg,
      rp: settings.kg * 11_000,
      keyPrefix,
    };
  };
  const rawProcess = startChild(path.join(__dirname, 'raw-client.js'));
  let raw;
  try {
    await rawProcess.run(await rawJob('Raw warm-up', Math.min(settings.buyers, 4_000)));
    raw = await rawProcess.run(await rawJob('Raw', rushResults.accepted || settings.buyers / 2));
  } finally {
    rawProcess.stop();
  }
  const rawPerSec = (raw.latencies.length / raw.elapsedMs) * 1000;
  Object.assign(rushResults, {
    rawOrdersPerSec: round(rawPerSec),
    rawP50Ms: round(percentile([...raw.latencies].sort((a, b) => a - b), 50)),
    ratio: round(rushResults.serviceOrdersPerSec / rawPerSec, 2),
  });

  return rushResults;
}

async function recreateDatabase() {
  const admin = new Client({ connectionString: settings.adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS gelombang_bench WITH (FORCE)');
  await admin.end();
}

/** The built service in production mode, as `npm run start:prod` runs it; it creates and migrates the database itself. */
async function startService() {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(settings.port),
    DATABASE_URL: databaseUrl,
    // The same number of database connections in all as the raw baseline, however many processes.
    DATABASE_POOL_SIZE: String(Math.ceil(settings.poolSize / settings.webConcurrency)),
    WEB_CONCURRENCY: String(settings.webConcurrency),
    REDIS_URL: settings.redisUrl,
    REDIS_PREFIX: 'gelombang-bench',
    JWT_SECRET,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    COURIER_DRIVER: 'manual',
    COURIER_API_KEY: 'benchmark-courier-key',
    COURIER_WEBHOOK_SECRET: 'benchmark-courier-webhook-secret',
  };
  const nodeArgs = process.env.BENCH_SERVICE_NODE_ARGS ? process.env.BENCH_SERVICE_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist/main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code) => code && code !== 143 && code !== 0 && console.error(`service exited with ${code}`));
  for (let i = 0; i < 300; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${settings.port}/health`);
      if (response.ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('The service did not become healthy within 30 s');
}

function apiClient(port) {
  return async (method, route, token, body) => {
    const response = await fetch(`http://127.0.0.1:${port}${route}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

async function createFixture(api, token) {
  const cooperative = await api('POST', '/cooperatives', token, { name: 'Koperasi Tani Mulus', region: 'Kabupaten Indramayu' });
  const product = await api('POST', `/cooperatives/${cooperative.id}/products`, token, {
    commodity: 'beras premium',
    name: 'Beras premium Indramayu',
    pricePerKgRp: 11_000,
    packs: [{ sizeKg: 5 }, { sizeKg: 10 }, { sizeKg: 20 }],
  });
  const points = [];
  for (const [name, latitude, longitude] of [
    ['Gedung Kementerian Koperasi dan UKM', -6.2146, 106.8312],
    ['Lenteng Agung', -6.3302, 106.8346],
  ]) {
    points.push(await api('POST', '/dropping-points', token, { name, address: `${name}, Jakarta Selatan`, latitude, longitude }));
  }
  return { productId: product.id, pointIds: points.map((p) => p.id) };
}

async function createWave(api, token, fixture, name, capacityKg, limitKg) {
  const now = Date.now();
  const wave = await api('POST', '/waves', token, {
    name,
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 6 * 3_600_000).toISOString(),
    handOutDate: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10),
    paymentDeadline: new Date(now + 2 * 86_400_000).toISOString(),
    droppingPointIds: fixture.pointIds,
    products: [{ productId: fixture.productId, capacityKg, perBuyerLimitKg: Math.max(limitKg, 20) }],
  });
  return api('POST', `/waves/${wave.id}/publish`, token);
}

const packOf = (wave, sizeKg) => wave.products[0].packs.find((pack) => pack.sizeKg === sizeKg).id;

/** Buyers straight into the tables: registering 20,000 through argon2 would measure password hashing. */
async function bulkBuyers(db, count) {
  const { rows } = await db.query(
    `WITH u AS (
       INSERT INTO users (username, role) SELECT 'bench-' || g, 'BUYER' FROM generate_series(1, $1) g RETURNING id, username
     )
     INSERT INTO buyers (user_id, nip, name, agency, phone)
     SELECT u.id, lpad(substr(u.username, 7), 18, '0'), 'Pegawai ' || substr(u.username, 7), 'Kementerian Koperasi dan UKM', '081200000000'
       FROM u RETURNING id AS buyer_id, user_id`,
    [count],
  );
  return rows;
}

/** The tokens a login would have issued, signed with the service's secret, issued before the clock starts. */
async function issueTokens(buyers) {
  const { JwtService } = require('@nestjs/jwt');
  const jwt = new JwtService({ secret: JWT_SECRET, signOptions: { expiresIn: '2h', algorithm: 'HS256' } });
  return buyers.map((b) => jwt.sign({ sub: b.user_id, role: 'BUYER', bid: b.buyer_id }));
}

async function checkRush(db, wave, rush, failures) {
  const accepted = rush.results.filter((r) => r.status === 201);
  const capacityRefusals = rush.results.filter((r) => r.code === 'CAPACITY_EXCEEDED').length;
  const other = rush.results.filter((r) => r.status !== 201 && r.code !== 'CAPACITY_EXCEEDED');
  const latencies = rush.results.map((r) => r.latencyMs).sort((a, b) => a - b);
  const start = Math.min(...rush.results.map((r) => r.doneAtMs - r.latencyMs));
  const lastAccepted = Math.max(...accepted.map((r) => r.doneAtMs));
  const capacityKg = wave.products[0].capacityKg;
  const { rows } = await db.query(
    `SELECT coalesce(sum(total_kg), 0)::bigint AS kg, count(*)::int AS n,
            count(*) FILTER (WHERE id = ANY ($2))::int AS durable
       FROM orders WHERE wave_id = $1 AND status = 'placed'`,
    [wave.id, accepted.map((r) => r.id)],
  );
  const soldKg = Number(rows[0].kg);
  const oversoldKg = Math.max(0, soldKg - capacityKg);
  if (oversoldKg > 0) failures.push(`oversold by ${oversoldKg} kg`);
  if (soldKg !== capacityKg) failures.push(`sold ${soldKg} kg of a ${capacityKg} kg capacity that demand exceeded`);
  if (rows[0].durable !== accepted.length) failures.push(`${accepted.length - rows[0].durable} answered 201 but are not in the database`);
  if (rows[0].n !== accepted.length) failures.push(`${rows[0].n} orders stored but ${accepted.length} accepted`);
  if (other.length > 0) failures.push(`${other.length} answers were neither 201 nor CAPACITY_EXCEEDED (first: ${other[0].status} ${other[0].code})`);
  return {
    requests: rush.results.length,
    accepted: accepted.length,
    refused: capacityRefusals,
    otherErrors: other.length,
    serviceOrdersPerSec: round((accepted.length / (lastAccepted - start)) * 1000),
    requestsPerSec: round((rush.results.length / rush.elapsedMs) * 1000),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    capacityKg,
    soldKg,
    oversoldKg,
  };
}

/** A million orders as generate_series writes them, with their items and the tallies orders keep. */
async function bulkOrders(db, wave, fixture, count) {
  const offer = wave.products[0];
  const pack = offer.packs.find((p) => p.sizeKg === settings.kg);
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, pickup_code, status, total_kg, total_rp, tally_shard, placed_at)
     WITH b AS (SELECT array_agg(id) AS ids FROM buyers)
     SELECT gen_random_uuid(), $1, b.ids[1 + g % cardinality(b.ids)], ($2::uuid[])[1 + g % 2], 'pickup',
            'S' || g, 'placed', $3, $4, g % 64, now()
       FROM b, generate_series(1, $5) g`,
    [wave.id, fixture.pointIds, settings.kg, pack.priceRp, count],
  );
  await db.query(
    `INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
     SELECT id, $2, $3, $4, 1, $5, $6, $7 FROM orders WHERE wave_id = $1`,
    [wave.id, pack.id, offer.id, settings.kg, pack.priceRp, settings.kg, pack.priceRp],
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
    [offer.id, count * settings.kg],
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
  return { orders: count, medianMs: round(median(timings), 2), p95Ms: round(percentile([...timings].sort((a, b) => a - b), 95), 2) };
}

/** Filled in once the delivery outbox exists (issue 4): times the relay against raw BullMQ addBulk. */
async function runDispatch(db, fixture, failures) {
  const dispatchBench = path.join(__dirname, 'dispatch.js');
  if (!fs.existsSync(dispatchBench)) return null;
  return require(dispatchBench).run({ db, databaseUrl, fixture, settings, failures, log });
}

function printTable(results) {
  const rows = [];
  const r = results.rush;
  if (r) {
    rows.push(['rush', 'accepted orders/s (service)', r.serviceOrdersPerSec, '']);
    rows.push(['rush', 'orders/s (raw pg baseline)', r.rawOrdersPerSec, '']);
    rows.push(['rush', 'ratio service / raw', r.ratio, '>= 0.6']);
    rows.push(['rush', 'p50 / p95 / p99 ms', `${r.p50Ms} / ${r.p95Ms} / ${r.p99Ms}`, 'p99 <= 250']);
    rows.push(['rush', 'accepted / CAPACITY_EXCEEDED / other', `${r.accepted} / ${r.refused} / ${r.otherErrors}`, '']);
    rows.push(['rush', 'sold kg / capacity kg / oversold kg', `${r.soldKg} / ${r.capacityKg} / ${r.oversoldKg}`, 'oversold 0']);
  }
  if (results.summary) rows.push(['summary', `median ms at ${results.summary.orders} orders`, results.summary.medianMs, '<= 50']);
  const d = results.dispatch;
  if (d) {
    rows.push(['dispatch', 'jobs/s relay / raw addBulk', `${d.relayJobsPerSec} / ${d.rawJobsPerSec}`, '']);
    rows.push(['dispatch', 'ratio relay / raw, lost', `${d.ratio}, ${d.lost}`, '>= 0.5, 0']);
  }
  const widths = [10, 40, 24, 12];
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ');
  console.log(`\n${line(['part', 'measure', 'value', 'target'])}\n${widths.map((w) => '-'.repeat(w)).join('-+-')}`);
  for (const row of rows) console.log(line(row));
}

function log(message) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
