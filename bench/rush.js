'use strict';
/**
 * Part rush: N buyers order 10 kg each at concurrency K against a wave whose capacity is half the
 * demand, checked afterwards in SQL; the CPU the API and PostgreSQL spent on it; then the same rows
 * straight through pg twice: one transaction per order (raw baseline) and in batches of 48 with one
 * commit each (row limit, what this machine's PostgreSQL takes with group commit).
 */
const fs = require('node:fs');
const path = require('node:path');
const { startChild, round, latencySummary, cpuMeter } = require('./lib');

/** The service's batch size (MAX_BATCH_ORDERS in src/orders/order-batcher.ts). */
const ROW_LIMIT_BATCH = 48;

async function runRush(ctx) {
  const { settings, db, log } = ctx;
  const { buyers, tokens } = await ctx.buyers();

  // A service that has taken orders before (earlier waves) has its order path compiled by V8;
  // without this the rush would also time the JIT warming up (about a fifth of its CPU here). The
  // load process is the same for both, so the rush does not time its compiling either.
  const loadProcess = startChild(path.join(__dirname, 'rush-client.js'));
  let rush;
  let cpu;
  try {
    log('warm-up: the same order route on a wave of its own');
    const warmWave = await ctx.createWave('Warm-up', settings.buyers * settings.kg);
    await loadProcess.run({ ...orderJob(ctx, warmWave), tokens: tokens.slice(0, Math.min(tokens.length, 4_000)), keyPrefix: 'warm-up' });
    log(`rush: ${settings.buyers} buyers x ${settings.kg} kg at concurrency ${settings.concurrency}`);
    const rushWave = await ctx.createWave('Rush', (settings.buyers * settings.kg) / 2);
    const stopMeter = await cpuMeter(db, ctx.servicePid, ctx.databaseName);
    rush = await loadProcess.run({ ...orderJob(ctx, rushWave), tokens });
    cpu = await stopMeter();
    rush.wave = rushWave;
  } finally {
    loadProcess.stop();
  }
  if (process.env.BENCH_DUMP) fs.writeFileSync(process.env.BENCH_DUMP, JSON.stringify(rush.results));
  const result = await checkRush(db, rush.wave, rush, ctx.failures);
  Object.assign(result, perCore(result.accepted, rush.results.length, cpu));

  const count = result.accepted || settings.buyers / 2;
  const rawProcess = startChild(path.join(__dirname, 'raw-client.js'));
  try {
    log('raw baseline: the same rows with pg, one transaction per order, no HTTP, no Nest, no shared counter');
    const raw = await timeRows(ctx, rawProcess, buyers, 'Raw', count, 1);
    log(`row limit: the same rows with pg, ${ROW_LIMIT_BATCH} orders a statement and a commit`);
    const limit = await timeRows(ctx, rawProcess, buyers, 'Row limit', count, ROW_LIMIT_BATCH);
    Object.assign(result, {
      rawOrdersPerSec: round(raw.perSec),
      rawP50Ms: raw.p50Ms,
      ratio: round(result.serviceOrdersPerSec / raw.perSec, 2),
      rowLimitPerSec: round(limit.perSec),
      rowLimitP50Ms: limit.p50Ms,
      rowLimitRatio: round(result.serviceOrdersPerSec / limit.perSec, 2),
    });
  } finally {
    rawProcess.stop();
  }
  return result;
}

function orderJob(ctx, wave) {
  return {
    port: ctx.settings.port,
    concurrency: ctx.settings.concurrency,
    waveId: wave.id,
    packId: ctx.packOf(wave),
    quantity: 1,
    droppingPointIds: ctx.fixture.pointIds,
  };
}

/** A warm-up of 4,000 orders, then `count` orders timed, each on a wave of its own. */
async function timeRows(ctx, rawProcess, buyers, name, count, batchSize) {
  const { settings } = ctx;
  const job = async (label, n) => {
    const wave = await ctx.createWave(label, settings.buyers * settings.kg);
    return {
      databaseUrl: ctx.databaseUrl,
      poolSize: settings.poolSize,
      concurrency: settings.concurrency,
      batchSize,
      count: n,
      waveId: wave.id,
      waveProductId: wave.products[0].id,
      packId: ctx.packOf(wave),
      droppingPointId: ctx.fixture.pointIds[0],
      buyerIds: buyers.map((b) => b.buyer_id),
      kg: settings.kg,
      rp: settings.kg * 11_000,
      keyPrefix: label.toLowerCase().replace(/\W+/g, '-'),
    };
  };
  await rawProcess.run(await job(`${name} warm-up`, Math.min(settings.buyers, 4_000)));
  const run = await rawProcess.run(await job(name, count));
  return { perSec: (run.latencies.length / run.elapsedMs) * 1000, p50Ms: latencySummary(run.latencies).p50Ms };
}

/**
 * Orders per second one fully used core carries: accepted orders over the CPU seconds spent. The
 * rush's refusals (half its requests, after the sell-out) are charged to the accepted orders, so
 * this errs low; per request it errs high.
 */
function perCore(accepted, requests, cpu) {
  return {
    apiCores: cpu.apiCores,
    pgCores: cpu.pgCores,
    ordersPerApiCoreSec: round(accepted / (cpu.apiCpuMs / 1000)),
    ordersPerPgCoreSec: round(accepted / (cpu.pgCpuMs / 1000)),
    requestsPerApiCoreSec: round(requests / (cpu.apiCpuMs / 1000)),
  };
}

async function checkRush(db, wave, rush, failures) {
  const accepted = rush.results.filter((r) => r.status === 201);
  const capacityRefusals = rush.results.filter((r) => r.code === 'CAPACITY_EXCEEDED').length;
  const other = rush.results.filter((r) => r.status !== 201 && r.code !== 'CAPACITY_EXCEEDED');
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
  if (other.length > 0)
    failures.push(`${other.length} answers were neither 201 nor CAPACITY_EXCEEDED (first: ${other[0].status} ${other[0].code})`);
  const { p50Ms, p95Ms, p99Ms } = latencySummary(rush.results.map((r) => r.latencyMs));
  return {
    requests: rush.results.length,
    accepted: accepted.length,
    refused: capacityRefusals,
    otherErrors: other.length,
    serviceOrdersPerSec: round((accepted.length / (lastAccepted - start)) * 1000),
    requestsPerSec: round((rush.results.length / rush.elapsedMs) * 1000),
    p50Ms,
    p95Ms,
    p99Ms,
    capacityKg,
    soldKg,
    oversoldKg,
  };
}

function rushRows(r) {
  return [
    ['rush', 'accepted orders/s (service)', r.serviceOrdersPerSec, ''],
    ['rush', 'orders/s raw pg, 1 commit per order', r.rawOrdersPerSec, ''],
    ['rush', `orders/s row limit, ${ROW_LIMIT_BATCH} per commit`, r.rowLimitPerSec, ''],
    ['rush', 'ratio service / raw', r.ratio, '>= 1.5'],
    ['rush', 'ratio service / row limit', r.rowLimitRatio, '>= 0.5'],
    ['rush', 'p50 / p95 / p99 ms', `${r.p50Ms} / ${r.p95Ms} / ${r.p99Ms}`, 'p99 <= 250'],
    ['rush', 'accepted / CAPACITY_EXCEEDED / other', `${r.accepted} / ${r.refused} / ${r.otherErrors}`, ''],
    ['rush', 'sold kg / capacity kg / oversold kg', `${r.soldKg} / ${r.capacityKg} / ${r.oversoldKg}`, 'oversold 0'],
    ['rush', 'cores used: API / PostgreSQL', `${r.apiCores} / ${r.pgCores}`, ''],
    ['rush', 'orders/s per API core / per PG core', `${r.ordersPerApiCoreSec} / ${r.ordersPerPgCoreSec}`, ''],
  ];
}

module.exports = { runRush, rushRows, orderJob, checkRush };
