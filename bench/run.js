'use strict';
/**
 * npm run bench: the minute a wave opens, measured honestly. Runs the parts below (BENCH_PARTS,
 * comma-separated; default: every part not marked byDefault: false), prints one table, writes
 * bench/results.json, and exits non-zero only when a correctness check fails, never on timing.
 *
 * A part is one line in PARTS: a file in bench/ exporting `run(ctx)` (the export named by `run`),
 * which returns what goes into results.json under `key` (default: the name), and optionally
 * `rows(result)` (named by `rows`): [part, measure, value, target] lines for the table; without it
 * the result's plain fields are printed. A part whose file does not exist yet is skipped. The
 * context a part gets:
 *   settings, log(message), failures (push a message to fail the run), results (parts run so far)
 *   and, for parts that need the service (all but `service: false`): api(method, route, token,
 *   body), adminToken, fixture { productId, pointIds }, db (a pg Client), databaseUrl,
 *   databaseName, servicePid, jwtSecret, buyers() -> { buyers [{ buyer_id, user_id }], tokens }
 *   (BENCH_BUYERS of them, made once and shared), createWave(name, capacityKg, limitKg?),
 *   packOf(wave, sizeKg?), paymentsCallbackToken (the gateway's verification token).
 * Settings (env): BENCH_PORT (3900; another port also means another database and Redis prefix), BENCH_BUYERS (20000), BENCH_CONCURRENCY (256), BENCH_KG (10), BENCH_SUMMARY_ORDERS
 * (1000000), BENCH_DISPATCH (10000), BENCH_NOTIFY (eligible buyers of the notify part, 1000000;
 * BENCH_NOTIFY_RUSH=0 runs it without the concurrent rush), BENCH_POOL_SIZE (database connections, 20), BENCH_WEB_CONCURRENCY
 * (API processes, 1), BENCH_OPEN_SECONDS (10 per rate), BENCH_OPEN_ARRIVALS (poisson | constant),
 * BENCH_OPEN_BASE (the closed-loop rate when the rush does not run), BENCH_PEER_BUYERS (2000),
 * BENCH_SERVICE_NODE_ARGS (e.g. --cpu-prof), BENCH_DUMP (file for every rush answer), BENCH_DIST (the
 * built service's folder, dist; another one, e.g. dist-bench, lets a bench run beside other builds).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const fixtures = require('./fixture');
const { stopOnSignal } = require('./lib');

const ROOT = path.join(__dirname, '..');

const PARTS = [
  { name: 'rush', file: 'rush.js', run: 'runRush', rows: 'rushRows' },
  { name: 'pages', file: 'pages.js', run: 'runPages', rows: 'pagesRows' },
  { name: 'open', key: 'openLoop', file: 'open-loop.js', run: 'runOpenLoop', rows: 'openLoopRows' },
  { name: 'notify', file: 'notify.js', run: 'runNotify', rows: 'notifyRows' },
  { name: 'dashboards', file: 'dashboards.js', run: 'runDashboards', rows: 'dashboardsRows' },
  { name: 'desk', file: 'desk.js', run: 'runDesk', rows: 'deskRows' },
  { name: 'summary', file: 'summary.js', run: 'runSummary', rows: 'summaryRows' },
  { name: 'dispatch', file: 'dispatch.js', run: 'run', rows: 'dispatchRows' },
  { name: 'qris', file: 'qris.js', run: 'runQris', rows: 'qrisRows' },
  { name: 'peer', file: 'peer.js', run: 'runPeer', rows: 'peerRows', byDefault: false, service: false },
];

const settings = {
  buyers: Number(process.env.BENCH_BUYERS ?? 20_000),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 256),
  kg: Number(process.env.BENCH_KG ?? 10),
  summaryOrders: Number(process.env.BENCH_SUMMARY_ORDERS ?? 1_000_000),
  dispatch: Number(process.env.BENCH_DISPATCH ?? 10_000),
  notify: Number(process.env.BENCH_NOTIFY ?? 1_000_000),
  poolSize: Number(process.env.BENCH_POOL_SIZE ?? 20),
  webConcurrency: Number(process.env.BENCH_WEB_CONCURRENCY ?? 1),
  openLoopSeconds: Number(process.env.BENCH_OPEN_SECONDS ?? 10),
  openLoopArrivals: process.env.BENCH_OPEN_ARRIVALS ?? 'poisson',
  openLoopBase: Number(process.env.BENCH_OPEN_BASE ?? 0),
  peerBuyers: Number(process.env.BENCH_PEER_BUYERS ?? 2_000),
  port: Number(process.env.BENCH_PORT ?? 3900),
  dist: path.resolve(ROOT, process.env.BENCH_DIST ?? 'dist'),
  adminUrl: process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  parts: (
    process.env.BENCH_PARTS ??
    PARTS.filter((p) => p.byDefault !== false)
      .map((p) => p.name)
      .join(',')
  ).split(','),
};
const JWT_SECRET = 'benchmark-secret-not-for-production';
const ADMIN_PASSWORD = 'benchmark-admin-password';
// The gateway's verification token: the qris part signs its callbacks with it, as the simulator does.
const PAYMENTS_CALLBACK_TOKEN = 'benchmark-xendit-callback-token';
// A run on another BENCH_PORT (e.g. from a second checkout) gets its own database and Redis prefix.
const DATABASE = settings.port === 3900 ? 'gelombang_bench' : `gelombang_bench_${settings.port}`;
settings.redisPrefix = settings.port === 3900 ? 'gelombang-bench' : `gelombang-bench-${settings.port}`;
const databaseUrl = (() => {
  const url = new URL(settings.adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();
const RESULTS_FILE = path.join(__dirname, 'results.json');

async function main() {
  const unknown = settings.parts.filter((name) => !PARTS.some((p) => p.name === name));
  if (unknown.length > 0) throw new Error(`BENCH_PARTS: no part ${unknown.join(', ')} (parts: ${PARTS.map((p) => p.name).join(', ')})`);
  const selected = PARTS.filter((p) => settings.parts.includes(p.name) && present(p));
  const failures = [];
  const ctx = { settings, log, failures, results: {} };
  const withService = selected.filter((p) => p.service !== false);
  const alone = selected.filter((p) => p.service === false);
  if (withService.length > 0) await withTheService(ctx, () => runParts(ctx, withService));
  await runParts(ctx, alone);

  printTable(selected, ctx.results);
  writeResults(selected, ctx.results);
  if (failures.length > 0) {
    console.error(`\nCorrectness checks failed:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
}

function present(part) {
  if (fs.existsSync(path.join(__dirname, part.file))) return true;
  log(`${part.name}: skipped (bench/${part.file} does not exist yet)`);
  return false;
}

async function runParts(ctx, parts) {
  for (const part of parts) {
    const result = await require(path.join(__dirname, part.file))[part.run](ctx);
    ctx.results[part.key ?? part.name] = result ?? null;
  }
}

/** A fresh database, the built service, an admin token and the fixture, for the parts that use them. */
async function withTheService(ctx, body) {
  await recreateDatabase();
  const service = await startService();
  try {
    const api = fixtures.apiClient(settings.port);
    const adminToken = (await api('POST', '/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD })).accessToken;
    const fixture = await fixtures.createFixture(api, adminToken);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    let buyers;
    Object.assign(ctx, {
      api,
      adminToken,
      fixture,
      db,
      databaseUrl,
      databaseName: DATABASE,
      servicePid: service.pid,
      jwtSecret: JWT_SECRET,
      paymentsCallbackToken: PAYMENTS_CALLBACK_TOKEN,
      buyers: () => {
        buyers ??= fixtures
          .bulkBuyers(db, settings.buyers)
          .then((rows) => ({ buyers: rows, tokens: fixtures.issueTokens(rows, JWT_SECRET) }));
        return buyers;
      },
      createWave: (name, capacityKg, limitKg = settings.kg) => fixtures.createWave(api, adminToken, fixture, name, capacityKg, limitKg),
      packOf: (wave, sizeKg = settings.kg) => fixtures.packOf(wave, sizeKg),
    });
    try {
      await body();
    } finally {
      await db.end();
    }
  } finally {
    service.kill('SIGTERM');
  }
}

async function recreateDatabase() {
  const admin = new Client({ connectionString: settings.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
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
    REDIS_PREFIX: settings.redisPrefix,
    JWT_SECRET,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    COURIER_DRIVER: 'manual',
    COURIER_API_KEY: 'benchmark-courier-key',
    COURIER_WEBHOOK_SECRET: 'benchmark-courier-webhook-secret',
    // The notify part: messages go to the messaging simulator's address (no worker sends them), and
    // the lost-job check does not scan a million queued rows in the middle of the measurement.
    WHATSAPP_DRIVER: 'sim',
    SMS_DRIVER: 'sim',
    NOTIFY_RECONCILE_SECONDS: '3600',
    PAYMENTS_DRIVER: 'sim',
    PAYMENTS_SECRET_KEY: 'benchmark-xendit-secret-key',
    PAYMENTS_CALLBACK_TOKEN,
  };
  // As `npm run start:prod` and the image start it (README, "The order path"), plus any extra flags.
  const nodeArgs = [
    '--max-semi-space-size=64',
    ...(process.env.BENCH_SERVICE_NODE_ARGS ? process.env.BENCH_SERVICE_NODE_ARGS.split(' ') : []),
  ];
  const child = spawn(process.execPath, [...nodeArgs, path.join(settings.dist, 'main.js')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  stopOnSignal(child);
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

function printTable(parts, results) {
  const rows = [];
  for (const part of parts) {
    const result = results[part.key ?? part.name];
    if (!result) continue;
    const own = part.rows && require(path.join(__dirname, part.file))[part.rows];
    rows.push(...(own ? own(result) : plainRows(part.name, result)));
  }
  const widths = [10, 44, 28, 12];
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ');
  console.log(`\n${line(['part', 'measure', 'value', 'target'])}\n${widths.map((w) => '-'.repeat(w)).join('-+-')}`);
  for (const row of rows) console.log(line(row));
}

/** A part without its own rows: its numbers, strings and booleans, one line each (an array: per element). */
function plainRows(name, result) {
  const fields = (object, prefix) =>
    Object.entries(object)
      .filter(([, value]) => ['number', 'string', 'boolean'].includes(typeof value))
      .map(([field, value]) => [name, `${prefix}${field}`, value, '']);
  return Array.isArray(result) ? result.flatMap((element, i) => fields(element, `[${i}] `)) : fields(result, '');
}

/**
 * The parts run replace theirs in results.json; the others keep what an earlier run measured
 * (`measuredAt` says when each was), so `BENCH_PARTS=peer` does not wipe the full run.
 */
function writeResults(parts, results) {
  let previous = {};
  try {
    previous = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8'));
  } catch {
    /* first run */
  }
  const now = new Date().toISOString();
  const measuredAt = { ...(previous.measuredAt ?? {}) };
  const settingsOf = { ...(previous.settingsOf ?? {}) };
  for (const part of parts) {
    measuredAt[part.key ?? part.name] = now;
    settingsOf[part.key ?? part.name] = settings;
  }
  const { settings: _old, ...kept } = previous;
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...kept, ...results, measuredAt, settingsOf }, null, 2)}\n`);
}

function log(message) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
