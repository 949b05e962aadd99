'use strict';
/**
 * Part qris: paid QRIS callbacks arriving in a rush while an officer uses the desk. One placed order
 * (10 kg, at either point) and one pending payment intent per buyer, up to BENCH_QRIS_CALLBACKS
 * (10,000; fewer when BENCH_BUYERS is smaller), are loaded straight into the tables; then each order's
 * `qr.payment` callback is POSTed to /payments/xendit/callback at concurrency BENCH_QRIS_CONCURRENCY
 * (64), signed as the gateway simulator signs them (x-callback-token: the account's verification
 * token), every BENCH_QRIS_DUPLICATE_EVERY-th one (20) sent twice as a gateway retry would. Meanwhile
 * an officer searches the desk of the first point (GET /dropping-points/:id/search, as the desk page
 * does), one search after another. Checked in SQL afterwards, failing the run otherwise: every order
 * paid, exactly one standing payment each (QRIS, its total), one gateway payment per order, no
 * refund owed, the QRIS reconciliation of the wave balanced. Reported: callbacks/s, callback latency,
 * desk search latency during the rush.
 *
 * Called by bench/run.js as `runQris(ctx)`; rows: `qrisRows(result)`.
 */
const { randomInt, randomUUID } = require('node:crypto');
const { latencySummary, round, runPool } = require('./lib');

const CALLBACKS = Number(process.env.BENCH_QRIS_CALLBACKS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_QRIS_CONCURRENCY ?? 64);
const DUPLICATE_EVERY = Number(process.env.BENCH_QRIS_DUPLICATE_EVERY ?? 20);
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BUSINESS_ID = '5f27a14a9bf05c73dd040bc8';

async function runQris(ctx) {
  const { api, adminToken, fixture, db, log, failures, settings } = ctx;
  const { buyers } = await ctx.buyers();
  const count = Math.min(CALLBACKS, buyers.length);
  log(`qris: ${count} orders with a pending QRIS code, their callbacks at concurrency ${CONCURRENCY}`);
  const wave = await ctx.createWave('QRIS', count * 10 + 1_000, 10);
  const intents = await loadOrders(db, wave, fixture.pointIds, buyers.slice(0, count));

  const username = 'petugas.qris.bench';
  const password = 'petugas-qris-bench-password';
  await api('POST', '/users', adminToken, { username, password, role: 'OFFICER', droppingPointIds: [fixture.pointIds[0]] });
  const officer = (await api('POST', '/auth/login', null, { username, password })).accessToken;

  const url = `http://127.0.0.1:${settings.port}/payments/xendit/callback`;
  const jobs = intents.flatMap((intent, i) => (DUPLICATE_EVERY > 0 && i % DUPLICATE_EVERY === 0 ? [intent, intent] : [intent]));
  const bodies = new Map(intents.map((intent) => [intent.id, callbackBody(intent)]));
  const latencies = [];
  const answers = new Map();
  let rushing = true;
  const deskLatencies = [];
  const desk = (async () => {
    while (rushing) {
      const started = process.hrtime.bigint();
      await api(
        'GET',
        `/dropping-points/${fixture.pointIds[0]}/search?waveId=${wave.id}&q=${encodeURIComponent(randomCodeStart())}`,
        officer,
      );
      deskLatencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  })();

  const started = process.hrtime.bigint();
  await runPool(jobs.length, CONCURRENCY, async (i) => {
    const intent = jobs[i];
    const t0 = process.hrtime.bigint();
    let status;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-callback-token': ctx.paymentsCallbackToken, 'webhook-id': randomUUID() },
        body: bodies.get(intent.id),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      status = `error ${error.cause?.code ?? error.message}`;
    }
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    answers.set(status, (answers.get(status) ?? 0) + 1);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rushing = false;
  await desk;

  const notOk = [...answers].filter(([status]) => status !== 200);
  if (notOk.length > 0) failures.push(`qris: callbacks answered ${notOk.map(([s, n]) => `${s} x${n}`).join(', ')}`);
  const checks = await check(db, wave.id, count);
  for (const [name, ok] of Object.entries(checks.ok)) if (!ok) failures.push(`qris: ${name} (${JSON.stringify(checks.counts)})`);
  const reconciliation = await api('GET', `/waves/${wave.id}/qris/reconciliation`, adminToken);
  if (!reconciliation.balanced) failures.push(`qris: reconciliation not balanced (${JSON.stringify(reconciliation)})`);

  return {
    orders: count,
    callbacks: jobs.length,
    duplicates: jobs.length - count,
    concurrency: CONCURRENCY,
    seconds: round(seconds, 2),
    callbacksPerSecond: round(jobs.length / seconds),
    ...latencySummary(latencies),
    desk: { searches: deskLatencies.length, ...latencySummary(deskLatencies) },
    counts: checks.counts,
    reconciliationBalanced: reconciliation.balanced,
  };
}

/** Orders (placed, 10 kg, alternating points) and a pending intent each, straight into the tables. */
async function loadOrders(db, wave, pointIds, buyers) {
  const offer = wave.products[0];
  const pack = offer.packs.find((p) => p.sizeKg === 10);
  const codes = new Set();
  while (codes.size < buyers.length) codes.add(code());
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, pickup_code, status, total_kg, total_rp, tally_shard, placed_at)
     SELECT gen_random_uuid(), $1, x.buyer_id, ($2::uuid[])[1 + x.i % 2], 'pickup', x.code, 'placed', 10, $3, x.i % 64, now()
       FROM unnest($4::uuid[], $5::text[]) WITH ORDINALITY AS x(buyer_id, code, i)`,
    [wave.id, pointIds, pack.priceRp, buyers.map((b) => b.buyer_id), [...codes]],
  );
  await db.query(
    `INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
     SELECT id, $2, $3, 10, 1, $4::int, 10, $4::bigint FROM orders WHERE wave_id = $1`,
    [wave.id, pack.id, offer.id, pack.priceRp],
  );
  const { rows } = await db.query(
    `INSERT INTO payment_intents (order_id, wave_id, amount_rp, gateway, gateway_qr_id, qr_string, expires_at)
     SELECT id, wave_id, total_rp, 'xendit-sim', 'qr_bench_' || replace(id::text, '-', ''), 'bench', now() + interval '1 day'
       FROM orders WHERE wave_id = $1
     RETURNING id, order_id, amount_rp::int AS amount, gateway_qr_id AS qr_id`,
    [wave.id],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
  return rows;
}

/** The `qr.payment` callback the simulator sends for a paid code (payments-sim/server.js). */
function callbackBody(intent) {
  const now = new Date().toISOString();
  return JSON.stringify({
    event: 'qr.payment',
    api_version: '2022-07-31',
    business_id: BUSINESS_ID,
    created: now,
    data: {
      id: `qrpy_${randomUUID()}`,
      business_id: BUSINESS_ID,
      currency: 'IDR',
      amount: intent.amount,
      status: 'SUCCEEDED',
      created: now,
      qr_id: intent.qr_id,
      reference_id: intent.id,
      type: 'DYNAMIC',
      channel_code: 'ID_XENDIT',
      payment_detail: { receipt_id: randomUUID().slice(0, 12).toUpperCase(), source: 'DANA', name: 'SITI RAHMAWATI' },
    },
  });
}

async function check(db, waveId, expected) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM orders WHERE wave_id = $1) AS orders,
            (SELECT count(*)::int FROM orders WHERE wave_id = $1 AND status = 'paid') AS paid,
            (SELECT count(*)::int FROM payments WHERE wave_id = $1 AND reversed_at IS NULL) AS standing_payments,
            (SELECT count(*)::int FROM (SELECT order_id FROM payments WHERE wave_id = $1 AND reversed_at IS NULL
                                         GROUP BY order_id HAVING count(*) > 1) twice) AS paid_twice,
            (SELECT count(*)::int FROM payments p JOIN orders o ON o.id = p.order_id
              WHERE p.wave_id = $1 AND p.reversed_at IS NULL AND (p.method <> 'QRIS' OR p.amount_rp <> o.total_rp)) AS wrong_payments,
            (SELECT count(*)::int FROM gateway_payments WHERE wave_id = $1) AS gateway_payments,
            (SELECT count(*)::int FROM gateway_payments WHERE wave_id = $1 AND outcome = 'applied') AS applied,
            (SELECT count(*)::int FROM refunds WHERE wave_id = $1) AS refunds`,
    [waveId],
  );
  const c = rows[0];
  return {
    counts: c,
    ok: {
      'every order paid': c.orders === expected && c.paid === expected,
      'one standing payment per order': c.standing_payments === expected && c.paid_twice === 0 && c.wrong_payments === 0,
      'each gateway payment taken in once': c.gateway_payments === expected && c.applied === expected,
      'no refund owed': c.refunds === 0,
    },
  };
}

function code() {
  let text = '';
  for (let i = 0; i < 6; i++) text += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${text.slice(0, 3)}-${text.slice(3)}`;
}

const randomCodeStart = () => Array.from({ length: 3 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

const qrisRows = (q) => [
  ['qris', `paid callbacks/s (${q.callbacks} at ${q.concurrency})`, q.callbacksPerSecond, ''],
  ['qris', 'callback p50 / p99 ms', `${q.p50Ms} / ${q.p99Ms}`, ''],
  ['qris', `orders paid exactly once (${q.orders})`, q.counts.paid === q.orders && q.counts.paid_twice === 0 ? 'yes' : 'NO', 'yes'],
  ['qris', `desk search p50 / p95 ms meanwhile (${q.desk.searches})`, `${q.desk.p50Ms} / ${q.desk.p95Ms}`, ''],
];

module.exports = { runQris, qrisRows };
