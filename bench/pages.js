'use strict';
/**
 * Part pages: the rush through the buyer's wave page instead of the JSON route. The same buyers, each
 * with its session cookie and the CSRF token of a wave page opened beforehand, post the order form at
 * the same concurrency against a wave whose capacity is half the demand; the same SQL checks as the
 * rush (exactly the capacity sold, every accepted order stored). Target: >= 0.8x the JSON rush's
 * orders/s in the same run.
 */
const path = require('node:path');
const { startChild, round } = require('./lib');
const { checkRush, orderJob } = require('./rush');

async function runPages(ctx) {
  const { settings, log } = ctx;
  const { tokens } = await ctx.buyers();
  const loadProcess = startChild(path.join(__dirname, 'pages-client.js'));
  let run;
  try {
    log('pages: warm-up (wave page and order form) on a wave of its own');
    const warmWave = await ctx.createWave('Pages warm-up', settings.buyers * settings.kg);
    await loadProcess.run({
      ...orderJob(ctx, warmWave),
      tokens: tokens.slice(0, Math.min(tokens.length, 4_000)),
      keyPrefix: 'pages-warm-up',
    });
    log(`pages: ${settings.buyers} buyers post the order form at concurrency ${settings.concurrency}`);
    const wave = await ctx.createWave('Pages', (settings.buyers * settings.kg) / 2);
    run = await loadProcess.run({ ...orderJob(ctx, wave), tokens, keyPrefix: 'pages' });
    run.wave = wave;
  } finally {
    loadProcess.stop();
  }
  const failures = [];
  const result = await checkRush(ctx.db, run.wave, run, failures);
  ctx.failures.push(...failures.map((failure) => `pages: ${failure}`));
  const json = ctx.results.rush?.serviceOrdersPerSec;
  return { ...result, jsonOrdersPerSec: json ?? null, ratioToJson: json ? round(result.serviceOrdersPerSec / json, 2) : null };
}

function pagesRows(r) {
  return [
    ['pages', 'accepted orders/s through the order form', r.serviceOrdersPerSec, ''],
    ['pages', 'ratio pages / JSON rush', r.ratioToJson ?? 'rush not run', '>= 0.8'],
    ['pages', 'p50 / p95 / p99 ms', `${r.p50Ms} / ${r.p95Ms} / ${r.p99Ms}`, ''],
    ['pages', 'accepted / refused / other', `${r.accepted} / ${r.refused} / ${r.otherErrors}`, ''],
    ['pages', 'sold kg / capacity kg / oversold kg', `${r.soldKg} / ${r.capacityKg} / ${r.oversoldKg}`, 'oversold 0'],
  ];
}

module.exports = { runPages, pagesRows };
