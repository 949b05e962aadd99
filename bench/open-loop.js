'use strict';
/**
 * Part open: how fast one order is when the service is not saturated. Orders arrive on a fixed
 * schedule at 25, 50 and 75 % of the closed-loop rate the rush just measured, each rate against a
 * wave of its own that cannot sell out, so every order is a placed order.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startChild, round, latencySummary, cpuMeter } = require('./lib');
const { orderJob } = require('./rush');

const SHARES = [0.25, 0.5, 0.75];
/** The service kept up when it answered at no less than this share of the offered rate. */
const KEPT_UP_SHARE = 0.95;

async function runOpenLoop(ctx) {
  const { settings, log } = ctx;
  const closedLoop = ctx.results.rush?.serviceOrdersPerSec ?? settings.openLoopBase;
  if (!closedLoop) {
    log('open loop: skipped (needs the rush in the same run, or BENCH_OPEN_BASE orders/s)');
    return null;
  }
  const { tokens } = await ctx.buyers();
  const loadProcess = startChild(path.join(__dirname, 'open-client.js'));
  const runs = [];
  try {
    for (const share of SHARES) {
      const rate = Math.round(closedLoop * share);
      const count = Math.round(rate * settings.openLoopSeconds);
      log(`open loop: ${count} orders at ${rate}/s (${share * 100} % of ${closedLoop}/s), ${settings.openLoopArrivals} arrivals`);
      // Buyers order again once every buyer has ordered; the limit lets them, so nothing is refused.
      const wave = await ctx.createWave(
        `Open loop ${share * 100}`,
        count * settings.kg * 2,
        settings.kg * Math.ceil(count / tokens.length),
      );
      const stopMeter = await cpuMeter(ctx.db, ctx.servicePid, ctx.databaseName);
      const run = await loadProcess.run({
        ...orderJob(ctx, wave),
        tokens,
        rate,
        count,
        arrivals: settings.openLoopArrivals,
        keyPrefix: `open-${share * 100}`,
        maxSockets: 4_096,
        warmSockets: settings.concurrency,
      });
      if (process.env.BENCH_DUMP) fs.writeFileSync(`${process.env.BENCH_DUMP}.open-${share * 100}.json`, JSON.stringify(run));
      runs.push(summarize(ctx, share, rate, run, await stopMeter()));
    }
  } finally {
    loadProcess.stop();
  }
  return runs;
}

function summarize(ctx, share, rate, run, cpu) {
  const errors = run.results.filter((r) => r.status !== 201);
  if (errors.length > 0)
    ctx.failures.push(`open loop at ${rate}/s: ${errors.length} answers not 201 (first: ${errors[0].status} ${errors[0].code})`);
  const lastDoneMs = Math.max(...run.results.map((r) => r.doneAtMs)) - run.startMs;
  const offeredMs = run.scheduledMs[run.scheduledMs.length - 1] || 1;
  const achievedPerSec = (run.results.length / lastDoneMs) * 1000;
  const { p50Ms, p99Ms, p999Ms, maxMs } = latencySummary(run.results.map((r) => r.latencyMs));
  return {
    share,
    rate,
    orders: run.results.length,
    offeredPerSec: round((run.results.length / offeredMs) * 1000),
    achievedPerSec: round(achievedPerSec),
    p50Ms,
    p99Ms,
    p999Ms,
    maxMs,
    keptUp: errors.length === 0 && achievedPerSec >= KEPT_UP_SHARE * rate,
    apiCores: cpu.apiCores,
    pgCores: cpu.pgCores,
  };
}

function openLoopRows(runs) {
  const target = { 0.5: 'p99 <= 50', 0.75: 'p99 <= 150' };
  return runs.map((r) => [
    'open loop',
    `${r.share * 100} % = ${r.rate}/s: p50 / p99 / p99.9 ms`,
    `${r.p50Ms} / ${r.p99Ms} / ${r.p999Ms}${r.keptUp ? '' : ' (fell behind)'}`,
    target[r.share] ?? '',
  ]);
}

module.exports = { runOpenLoop, openLoopRows };
