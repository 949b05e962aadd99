'use strict';
/**
 * Part peer (only with BENCH_PARTS=peer: it installs packages and is slow): Vendure, the NestJS +
 * TypeORM e-commerce framework a team would most likely pick instead, through the same rush on
 * the same machine and PostgreSQL. One product variant with stock tracking on and no backorders
 * (out-of-stock threshold 0) holding half the demand; BENCH_PEER_BUYERS guests (fewer than the
 * rush's buyers: Vendure is slower) check out at the rush's concurrency. Afterwards SQL counts what
 * was sold beyond the stock.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const { startChild, round, latencySummary, cpuMeter, stopOnSignal } = require('./lib');

const HOME = path.join(__dirname, 'vendure');
const PORT_OFFSET = 50;

async function runPeer(ctx) {
  const { settings, log } = ctx;
  const database = settings.port === 3900 ? 'gelombang_bench_vendure' : `gelombang_bench_vendure_${settings.port}`;
  install(log);
  const databaseUrl = await recreateDatabase(settings.adminUrl, database);
  const port = settings.port + PORT_OFFSET;
  log(`peer: starting Vendure on port ${port} (schema made on first start)`);
  const server = await startServer(databaseUrl, port, settings.poolSize);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const admin = await adminApi(port);
    const shop = await setUpShop(admin);
    const stock = Math.floor(settings.peerBuyers / 2);
    const warmVariant = await createVariant(admin, shop, 'WARM-UP', settings.peerBuyers);
    const rushVariant = await createVariant(admin, shop, 'RUSH', stock);
    const load = startChild(path.join(__dirname, 'peer-client.js'));
    let run;
    let cpu;
    try {
      const job = { port, concurrency: settings.concurrency, shippingMethodId: shop.shippingMethodId };
      const warm = Math.min(500, Math.floor(settings.peerBuyers / 4));
      log(`peer: warm-up, ${warm} checkouts of a variant with stock for all`);
      await load.run({ ...job, variantId: warmVariant, count: warm, keyPrefix: 'warm-up' });
      log(`peer: ${settings.peerBuyers} guests check out 1 of ${stock} in stock at concurrency ${settings.concurrency}`);
      const stopMeter = await cpuMeter(db, server.pid, database);
      run = await load.run({ ...job, variantId: rushVariant, count: settings.peerBuyers, keyPrefix: 'rush' });
      cpu = await stopMeter();
    } finally {
      load.stop();
    }
    return { ...summarize(run, stock, cpu), ...(await soldInSql(db, rushVariant, stock)) };
  } finally {
    await db.end();
    server.kill('SIGTERM');
  }
}

/** Into bench/vendure/node_modules, from its own lock file, the first time. */
function install(log) {
  if (fs.existsSync(path.join(HOME, 'node_modules', '@vendure', 'core', 'package.json'))) return;
  log('peer: installing Vendure into bench/vendure (its own package.json and lock file)');
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: HOME, stdio: 'inherit' });
  if (npm.status !== 0) throw new Error(`npm install in bench/vendure failed (${npm.status})`);
}

async function recreateDatabase(adminUrl, database) {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function startServer(databaseUrl, port, poolSize) {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    VENDURE_DATABASE_URL: databaseUrl,
    VENDURE_PORT: String(port),
    VENDURE_POOL_SIZE: String(poolSize),
  };
  const child = spawn(process.execPath, [path.join(HOME, 'server.js')], { cwd: HOME, env, stdio: ['ignore', 'inherit', 'inherit'] });
  stopOnSignal(child);
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`Vendure exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/shop-api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ activeChannel { id } }"}',
      });
      if (response.ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('Vendure did not answer within 120 s');
}

/** The admin API as the superadmin; throws on any GraphQL error or error result. */
async function adminApi(port) {
  let token = null;
  const call = async (query, variables = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}/admin-api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    token ??= response.headers.get('vendure-auth-token');
    const body = await response.json();
    const r = body.data?.r;
    if (body.errors || !r || r.errorCode) throw new Error(`Vendure admin API: ${JSON.stringify(body.errors ?? r)}`);
    return r;
  };
  await call(
    'mutation { r: login(username: "superadmin", password: "benchmark-superadmin") { __typename ... on ErrorResult { errorCode message } } }',
  );
  return call;
}

/** Indonesia as the one country and zone (tax 0 %), free shipping, and the payment method that settles at once. */
async function setUpShop(admin) {
  const en = (name) => [{ languageCode: 'en', name }];
  const country = await admin('mutation ($i: CreateCountryInput!) { r: createCountry(input: $i) { id } }', {
    i: { code: 'ID', enabled: true, translations: en('Indonesia') },
  });
  const zone = await admin('mutation ($i: CreateZoneInput!) { r: createZone(input: $i) { id } }', {
    i: { name: 'Indonesia', memberIds: [country.id] },
  });
  const channel = await admin('query { r: activeChannel { id } }');
  await admin('mutation ($i: UpdateChannelInput!) { r: updateChannel(input: $i) { __typename ... on ErrorResult { errorCode } } }', {
    i: { id: channel.id, defaultTaxZoneId: zone.id, defaultShippingZoneId: zone.id, trackInventory: true, outOfStockThreshold: 0 },
  });
  const taxCategory = await admin('mutation ($i: CreateTaxCategoryInput!) { r: createTaxCategory(input: $i) { id } }', {
    i: { name: 'Sembako', isDefault: true },
  });
  await admin('mutation ($i: CreateTaxRateInput!) { r: createTaxRate(input: $i) { id } }', {
    i: { name: 'Sembako 0 %', enabled: true, value: 0, categoryId: taxCategory.id, zoneId: zone.id },
  });
  const shipping = await admin('mutation ($i: CreateShippingMethodInput!) { r: createShippingMethod(input: $i) { id } }', {
    i: {
      code: 'ambil-di-titik',
      fulfillmentHandler: 'manual-fulfillment',
      checker: { code: 'default-shipping-eligibility-checker', arguments: [{ name: 'orderMinimum', value: '0' }] },
      calculator: {
        code: 'default-shipping-calculator',
        arguments: [
          { name: 'rate', value: '0' },
          { name: 'includesTax', value: 'auto' },
          { name: 'taxRate', value: '0' },
        ],
      },
      translations: [{ languageCode: 'en', name: 'Ambil di titik', description: '' }],
    },
  });
  await admin('mutation ($i: CreatePaymentMethodInput!) { r: createPaymentMethod(input: $i) { id } }', {
    i: {
      code: 'bench',
      enabled: true,
      handler: { code: 'bench-settle', arguments: [] },
      translations: [{ languageCode: 'en', name: 'Bench', description: '' }],
    },
  });
  return { taxCategoryId: taxCategory.id, shippingMethodId: shipping.id };
}

/** A product of its own with one variant, a 10 kg pack with `stock` on hand, stock tracked, no backorders. */
async function createVariant(admin, shop, sku, stock) {
  const product = await admin('mutation ($i: CreateProductInput!) { r: createProduct(input: $i) { id } }', {
    i: {
      translations: [
        { languageCode: 'en', name: `Beras premium Indramayu (${sku})`, slug: `beras-premium-${sku.toLowerCase()}`, description: '' },
      ],
    },
  });
  const [variant] = await admin('mutation ($i: [CreateProductVariantInput!]!) { r: createProductVariants(input: $i) { id } }', {
    i: [
      {
        productId: product.id,
        sku: `BERAS-10-${sku}`,
        price: 110_000,
        taxCategoryId: shop.taxCategoryId,
        stockOnHand: stock,
        trackInventory: 'TRUE',
        useGlobalOutOfStockThreshold: false,
        outOfStockThreshold: 0,
        translations: [{ languageCode: 'en', name: `Beras premium 10 kg (${sku})` }],
      },
    ],
  });
  return variant.id;
}

function summarize(run, stock, cpu) {
  const completed = run.results.filter((r) => r.outcome === 'completed');
  const refused = run.results.filter((r) => r.outcome === 'refused');
  const errors = run.results.filter((r) => r.outcome === 'error');
  const start = Math.min(...run.results.map((r) => r.doneAtMs - r.latencyMs));
  const lastCompleted = Math.max(...completed.map((r) => r.doneAtMs));
  const refusedAt = {};
  for (const r of refused) refusedAt[`${r.step}: ${r.detail}`] = (refusedAt[`${r.step}: ${r.detail}`] ?? 0) + 1;
  const { p50Ms, p99Ms } = latencySummary(completed.map((r) => r.latencyMs));
  return {
    buyers: run.results.length,
    stock,
    completed: completed.length,
    refused: refused.length,
    refusedAt,
    errors: errors.length,
    firstError: errors[0] ? `${errors[0].step}: ${errors[0].detail}` : null,
    completedOrdersPerSec: completed.length > 0 ? round((completed.length / (lastCompleted - start)) * 1000) : 0,
    requestsPerCheckout: 6,
    p50Ms,
    p99Ms,
    apiCores: cpu.apiCores,
    pgCores: cpu.pgCores,
  };
}

/** Paid orders and their units, from Vendure's own tables, against the stock the variant had. */
async function soldInSql(db, variantId, stock) {
  const { rows } = await db.query(
    `SELECT count(DISTINCT o.id)::int AS orders, coalesce(sum(l.quantity), 0)::int AS units
       FROM "order" o JOIN order_line l ON l."orderId" = o.id
      WHERE l."productVariantId" = $1 AND o.state = 'PaymentSettled'`,
    [variantId],
  );
  const level = await db.query('SELECT "stockOnHand", "stockAllocated" FROM stock_level WHERE "productVariantId" = $1', [variantId]);
  const { units } = rows[0];
  const oversold = Math.max(0, units - stock);
  return { paidOrdersInSql: rows[0].orders, soldUnits: units, oversoldUnits: oversold, stockLevel: level.rows[0] ?? null };
}

function peerRows(p) {
  return [
    ['peer', `Vendure: ${p.buyers} guests, ${p.stock} in stock`, `${p.completedOrdersPerSec} completed orders/s`, ''],
    ['peer', 'Vendure checkout p50 / p99 ms (6 requests)', `${p.p50Ms} / ${p.p99Ms}`, ''],
    ['peer', 'Vendure completed / refused / errors', `${p.completed} / ${p.refused} / ${p.errors}`, ''],
    ['peer', 'Vendure sold / stock / oversold (SQL)', `${p.soldUnits} / ${p.stock} / ${p.oversoldUnits}`, ''],
    ['peer', 'Vendure cores used: server / PostgreSQL', `${p.apiCores} / ${p.pgCores}`, ''],
  ];
}

module.exports = { runPeer, peerRows };
