#!/usr/bin/env node
'use strict';
/**
 * Payment-gateway simulator: a stand-in for Xendit's QR Codes API (api-version 2022-07-31), run as
 * its own process (`npm run payments:sim`, docker compose, and the payments tests). It speaks what
 * the `http` / `sim` payment drivers use (src/payments/gateway/xendit-qr.gateway.ts):
 *
 *   POST /qr_codes                 Authorization: Basic base64(<secret key>:), api-version, idempotency-key?
 *                                  {reference_id, type: 'DYNAMIC', currency: 'IDR', amount, expires_at?}
 *                                  -> 201 {id, reference_id, type, currency, amount, status: 'ACTIVE', qr_string, expires_at, ...}
 *   GET  /qr_codes/:id             the QR code (status ACTIVE or INACTIVE once paid or expired)
 *   GET  /qr_codes/:id/payments    {data: [payments], has_more: false}: the status API, asked when in doubt
 *
 * qr_string is a dynamic QRIS payload (EMVCo: tag 01 = 12, amount in tag 54, CRC in tag 63; see
 * emvco.js). A paid QR code sends the `qr.payment` callback to the callback URL with the
 * header x-callback-token: <callback token> (Xendit's verification token), retrying while the
 * receiver answers 5xx, 404 or not at all.
 *
 * Control API for tests and demos (no auth; bind to localhost), under /_sim:
 *   POST /_sim/qr_codes/:id/pay   {amount?, faults?: [...], source?} pays the QR code now, as a buyer's bank app would.
 *        faults: 'duplicate'    the callback is sent twice at once
 *                'wrong_amount' the payment is for `amount` (default: the QR amount - Rp 1.000)
 *                'late'         pays a QR code that expired or was paid already (a late or repeated payment)
 *                'forged'       no payment happens; a callback for a made-up payment arrives with a wrong token
 *                'hold'         the payment happens; its callback waits for /_sim/callbacks/release
 *                'lost'         the payment happens; no callback is ever sent (only the status API knows)
 *   POST /_sim/callbacks/release  {order?: 'reverse'|'forward'} sends the held callbacks (out of order when reversed)
 *   POST /_sim/down               {down: true|false} the gateway is down: the API answers 503, callbacks wait until it is up
 *   POST /_sim/config             {callbackUrl?, latencyMs?: [min, max]}
 *   GET  /_sim/qr_codes           QR codes with their payments, create calls, counters
 *   GET  /_sim/callbacks          every callback sent, with the answers it got
 *   POST /_sim/reset
 *
 * Configuration (environment): SIM_PORT (4020; 0 = any free port), SIM_HOST (127.0.0.1),
 * PAYMENTS_SECRET_KEY and PAYMENTS_CALLBACK_TOKEN (the development defaults of the service),
 * SIM_CALLBACK_URL (http://127.0.0.1:3000/payments/xendit/callback), SIM_LATENCY_MIN_MS (30),
 * SIM_LATENCY_MAX_MS (120), SIM_CALLBACK_RETRIES (8), SIM_MERCHANT_NAME, SIM_MERCHANT_CITY.
 * It prints one JSON line {"event":"listening","url":...} when ready.
 */
const http = require('node:http');
const { randomBytes, randomUUID } = require('node:crypto');
const { dynamicQris } = require('./emvco');

const env = process.env;
const SECRET_KEY = env.PAYMENTS_SECRET_KEY || 'xnd_development_gelombang_secret_key';
const CALLBACK_TOKEN = env.PAYMENTS_CALLBACK_TOKEN || 'dev-xendit-callback-token';
const CALLBACK_RETRIES = Number(env.SIM_CALLBACK_RETRIES || 8);
const BUSINESS_ID = '5f27a14a9bf05c73dd040bc8';
const MERCHANT = {
  merchantName: env.SIM_MERCHANT_NAME || 'Koperasi Gelombang',
  merchantCity: env.SIM_MERCHANT_CITY || 'Jakarta',
  postalCode: '12610',
  nmid: 'ID1020012345678',
  merchantPan: '936008990000012345',
};
const MAX_BODY = 64 * 1024;
/** Xendit refuses a dynamic QR code above Rp 10.000.000 (the QRIS per-transaction cap). */
const MAX_AMOUNT = 10_000_000;
const DEFAULT_EXPIRY_MS = 48 * 3600 * 1000;

const defaults = () => ({
  callbackUrl: env.SIM_CALLBACK_URL || 'http://127.0.0.1:3000/payments/xendit/callback',
  latencyMs: [Number(env.SIM_LATENCY_MIN_MS || 30), Number(env.SIM_LATENCY_MAX_MS || 120)],
});

let config = defaults();
let state = freshState();
const timers = new Set();

function freshState() {
  return {
    qrCodes: new Map(), // id -> qr code (with its payments)
    byKey: new Map(), // idempotency key -> qr id
    createCalls: 0,
    held: [], // callbacks waiting for /_sim/callbacks/release
    waitingForUp: [], // callbacks that found the gateway down
    callbacks: [], // [{ callbackId, paymentId, qrId, forged, body, answers: [] }]
    down: false,
    counters: { created: 0, replayed: 0, paid: 0, refusedWhileDown: 0 },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing (as courier-sim)

function send(res, status, body, headers = {}) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** Xendit's error shape. */
function error(res, status, errorCode, message) {
  send(res, status, { error_code: errorCode, message });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('Body too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text) {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const sleep = (ms) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });

const latency = () => {
  const [min, max] = config.latencyMs;
  return Math.max(0, Math.round(min + Math.random() * Math.max(0, max - min)));
};

// ---------------------------------------------------------------------------------------------
// QR Codes API

function authorised(req) {
  return req.headers.authorization === `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`;
}

const expired = (qr) => Date.parse(qr.expires_at) <= Date.now();

function qrView(qr) {
  const status = qr.payments.length > 0 || expired(qr) ? 'INACTIVE' : 'ACTIVE';
  // The simulator's own bookkeeping stays out of what the gateway shows.
  const { payments: _payments, idempotencyKey: _idempotencyKey, ...fields } = qr;
  return { ...fields, status };
}

function validateCreate(body) {
  const problems = [];
  if (!body || typeof body !== 'object') return ['body must be a JSON object'];
  if (typeof body.reference_id !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(body.reference_id)) problems.push('reference_id is required');
  if (body.type !== 'DYNAMIC') problems.push('type must be DYNAMIC');
  if (body.currency !== 'IDR') problems.push('currency must be IDR');
  if (!Number.isInteger(body.amount) || body.amount < 1 || body.amount > MAX_AMOUNT)
    problems.push(`amount must be a whole number from 1 to ${MAX_AMOUNT}`);
  if (
    body.expires_at !== undefined &&
    (typeof body.expires_at !== 'string' || Number.isNaN(Date.parse(body.expires_at)) || Date.parse(body.expires_at) <= Date.now())
  ) {
    problems.push('expires_at must be a future ISO 8601 time');
  }
  return problems;
}

async function handleCreate(req, res) {
  if (!authorised(req)) return error(res, 401, 'INVALID_API_KEY', 'API key is invalid');
  const body = parseJson(await readBody(req));
  if (body === undefined) return error(res, 400, 'API_VALIDATION_ERROR', 'Body is not JSON');
  state.createCalls += 1;
  await sleep(latency());
  if (state.down) {
    state.counters.refusedWhileDown += 1;
    return error(res, 503, 'SERVER_ERROR', 'The gateway is unavailable');
  }
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string' && state.byKey.has(key)) {
    state.counters.replayed += 1;
    return send(res, 200, qrView(state.qrCodes.get(state.byKey.get(key))));
  }
  const problems = validateCreate(body);
  if (problems.length > 0) return error(res, 400, 'API_VALIDATION_ERROR', problems.join('; '));
  const id = `qr_${randomUUID()}`;
  const now = new Date().toISOString();
  const qr = {
    id,
    reference_id: body.reference_id,
    business_id: BUSINESS_ID,
    type: 'DYNAMIC',
    currency: 'IDR',
    amount: body.amount,
    channel_code: 'ID_XENDIT',
    qr_string: dynamicQris({ ...MERCHANT, amount: body.amount, reference: id.slice(3).replace(/-/g, '') }),
    expires_at: new Date(body.expires_at ? Date.parse(body.expires_at) : Date.now() + DEFAULT_EXPIRY_MS).toISOString(),
    created: now,
    updated: now,
    metadata: body.metadata ?? null,
    payments: [],
    idempotencyKey: typeof key === 'string' ? key : null,
  };
  state.qrCodes.set(id, qr);
  if (qr.idempotencyKey) state.byKey.set(qr.idempotencyKey, id);
  state.counters.created += 1;
  return send(res, 201, qrView(qr));
}

function paymentOf(qr, amount, source) {
  const now = new Date().toISOString();
  return {
    id: `qrpy_${randomUUID()}`,
    business_id: BUSINESS_ID,
    currency: 'IDR',
    amount,
    status: 'SUCCEEDED',
    created: now,
    qr_id: qr.id,
    reference_id: qr.reference_id,
    type: 'DYNAMIC',
    channel_code: 'ID_XENDIT',
    expires_at: qr.expires_at,
    metadata: qr.metadata,
    payment_detail: {
      receipt_id: randomBytes(6).toString('hex').toUpperCase(),
      source: source || 'DANA',
      name: 'SITI RAHMAWATI',
      account_details: null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Callbacks

async function post(body, token) {
  try {
    const response = await fetch(config.callbackUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-callback-token': token, 'webhook-id': randomUUID() },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text().catch(() => '');
    return { status: response.status, body: text.slice(0, 300) };
  } catch (e) {
    return { status: 0, body: String(e.cause?.code || e.message) };
  }
}

function callbackOf(payment, forged = false) {
  const event = {
    event: 'qr.payment',
    api_version: '2022-07-31',
    business_id: BUSINESS_ID,
    created: new Date().toISOString(),
    data: payment,
  };
  const record = {
    callbackId: `cb_${randomBytes(6).toString('hex')}`,
    paymentId: payment.id,
    qrId: payment.qr_id,
    forged,
    body: JSON.stringify(event),
    answers: [],
  };
  state.callbacks.push(record);
  return record;
}

/** Sends a callback, retrying while the receiver fails; while the gateway is down it waits for it to come back. */
async function deliver(record) {
  const stateAtStart = state;
  for (let attempt = 0; attempt <= CALLBACK_RETRIES; attempt++) {
    if (state.down) {
      state.waitingForUp.push(record);
      return record;
    }
    const answer = await post(record.body, record.forged ? `forged-${randomBytes(8).toString('hex')}` : CALLBACK_TOKEN);
    record.answers.push(answer.status);
    if (state !== stateAtStart) return record; // reset meanwhile
    const retry = answer.status === 0 || answer.status === 404 || answer.status === 429 || answer.status >= 500;
    if (!retry) return record;
    await sleep(Math.min(30_000, 200 * 2 ** attempt));
  }
  return record;
}

async function handlePay(req, res, id) {
  const qr = state.qrCodes.get(id);
  if (!qr) return error(res, 404, 'DATA_NOT_FOUND', 'No such QR code');
  const body = parseJson(await readBody(req)) || {};
  const faults = Array.isArray(body.faults) ? body.faults : [];
  const known = ['duplicate', 'wrong_amount', 'late', 'forged', 'hold', 'lost'];
  const unknown = faults.find((fault) => !known.includes(fault));
  if (unknown) return error(res, 400, 'BAD_FAULT', `Unknown fault ${unknown}; known: ${known.join(', ')}`);
  if (faults.includes('forged')) {
    const record = callbackOf(paymentOf(qr, qr.amount, body.source), true);
    await deliver(record);
    return send(res, 200, { forged: true, callbacks: [{ callbackId: record.callbackId, answers: record.answers }] });
  }
  if (!faults.includes('late') && qrView(qr).status !== 'ACTIVE')
    return error(res, 409, 'QR_CODE_INACTIVE', 'This QR code was paid already or has expired');
  const amount = faults.includes('wrong_amount') ? (Number.isInteger(body.amount) ? body.amount : qr.amount - 1000) : qr.amount;
  const payment = paymentOf(qr, amount, body.source);
  qr.payments.push(payment);
  qr.updated = payment.created;
  state.counters.paid += 1;
  if (faults.includes('lost')) return send(res, 200, { payment, callbacks: [] });
  const records = [callbackOf(payment)];
  if (faults.includes('duplicate')) {
    const twin = { ...records[0], callbackId: `${records[0].callbackId}-dup`, answers: [] };
    state.callbacks.push(twin);
    records.push(twin);
  }
  if (faults.includes('hold')) {
    state.held.push(...records);
    return send(res, 200, { payment, held: records.map((r) => r.callbackId) });
  }
  await Promise.all(records.map(deliver));
  return send(res, 200, { payment, callbacks: records.map((r) => ({ callbackId: r.callbackId, answers: r.answers })) });
}

// ---------------------------------------------------------------------------------------------
// Control API

async function handleControl(req, res, path) {
  const method = req.method;
  if (method === 'POST' && path === '/_sim/reset') {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    state = freshState();
    config = defaults();
    return send(res, 200, { reset: true });
  }
  if (method === 'POST' && path === '/_sim/config') {
    const body = parseJson(await readBody(req)) || {};
    config = { ...config, ...body };
    return send(res, 200, config);
  }
  if (method === 'POST' && path === '/_sim/down') {
    const body = parseJson(await readBody(req)) || {};
    state.down = body.down !== false;
    const waiting = state.down ? [] : state.waitingForUp.splice(0);
    const records = await Promise.all(waiting.map(deliver));
    return send(res, 200, { down: state.down, delivered: records.map((r) => ({ callbackId: r.callbackId, answers: r.answers })) });
  }
  if (method === 'POST' && path === '/_sim/callbacks/release') {
    const body = parseJson(await readBody(req)) || {};
    const held = state.held.splice(0);
    if (body.order === 'reverse') held.reverse();
    const answered = [];
    for (const record of held) answered.push(await deliver(record)); // one after the other, in the order asked for
    return send(res, 200, { released: answered.map((r) => ({ callbackId: r.callbackId, paymentId: r.paymentId, answers: r.answers })) });
  }
  if (method === 'GET' && path === '/_sim/qr_codes') {
    return send(res, 200, {
      qrCodes: [...state.qrCodes.values()].map((qr) => ({ ...qrView(qr), idempotencyKey: qr.idempotencyKey, payments: qr.payments })),
      createCalls: state.createCalls,
      counters: state.counters,
      down: state.down,
    });
  }
  if (method === 'GET' && path === '/_sim/callbacks') {
    return send(res, 200, { callbacks: state.callbacks.map(({ body, ...rest }) => ({ ...rest, event: JSON.parse(body) })) });
  }
  const match = /^\/_sim\/qr_codes\/([^/]+)\/pay$/.exec(path);
  if (match && method === 'POST') return handlePay(req, res, decodeURIComponent(match[1]));
  return error(res, 404, 'NOT_FOUND', 'No such control route');
}

// ---------------------------------------------------------------------------------------------

async function route(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const path = url.pathname;
  if (path.startsWith('/_sim/')) return handleControl(req, res, path);
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'POST' && path === '/qr_codes') return handleCreate(req, res);
  const match = /^\/qr_codes\/([^/]+)(\/payments)?$/.exec(path);
  if (match && req.method === 'GET') {
    if (!authorised(req)) return error(res, 401, 'INVALID_API_KEY', 'API key is invalid');
    await sleep(latency());
    if (state.down) return error(res, 503, 'SERVER_ERROR', 'The gateway is unavailable');
    const qr = state.qrCodes.get(decodeURIComponent(match[1]));
    if (!qr) return error(res, 404, 'DATA_NOT_FOUND', 'QR code not found');
    return send(res, 200, match[2] ? { data: qr.payments, has_more: false } : qrView(qr));
  }
  return error(res, 404, 'NOT_FOUND', `No route ${req.method} ${path}`);
}

const server = http.createServer((req, res) => {
  route(req, res).catch((e) => error(res, e.status || 500, 'SERVER_ERROR', e.message));
});
server.keepAliveTimeout = 5000;

server.listen(Number(env.SIM_PORT ?? 4020), env.SIM_HOST || '127.0.0.1', () => {
  const { port } = server.address();
  const host = env.SIM_HOST && env.SIM_HOST !== '0.0.0.0' ? env.SIM_HOST : '127.0.0.1';
  process.stdout.write(`${JSON.stringify({ event: 'listening', port, url: `http://${host}:${port}`, callbackUrl: config.callbackUrl })}\n`);
});

function shutdown() {
  for (const timer of timers) clearTimeout(timer);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
