#!/usr/bin/env node
'use strict';
/**
 * Courier simulator: a stand-in for an ojek-online same-day delivery API, run as its own process
 * (`npm run courier:sim`, docker compose, and the delivery tests). It speaks the API the `http`
 * courier gateway uses (src/delivery/courier/http-courier.gateway.ts):
 *
 *   POST /v1/bookings            Authorization: Bearer <key>, Idempotency-Key: <key>   -> 201 booking
 *                                the same key again -> 200 with the same booking (Idempotent-Replayed: true)
 *   GET  /v1/bookings/:id
 *   POST /v1/bookings/:id/cancel
 *   GET  /track/:id              the tracking page a buyer opens
 *
 * and sends signed webhooks (x-courier-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">)
 * for picked up / delivered / failed after realistic delays, retrying while the receiver fails.
 *
 * Control API for tests and demos (no auth; bind to localhost), under /_sim:
 *   POST   /_sim/faults   {faults: [{type: 'fail'|'timeout'|'429'|'5xx'|'slow', count?, status?, retryAfterSec?, ms?, createFirst?}]}
 *   DELETE /_sim/faults
 *   POST   /_sim/config   {autoProgress?, pickupDelayMs?, deliveryDelayMs?, outcome?: 'delivered'|'failed', latencyMs?: [min, max], webhookUrl?}
 *   GET    /_sim/bookings                   bookings, create calls per idempotency key, counters
 *   POST   /_sim/bookings/:id/events        {type: 'picked_up'|'delivered'|'failed'|'cancelled', reason?} sends that webhook now
 *   GET    /_sim/webhooks                   every webhook sent, with its answers
 *   POST   /_sim/webhooks/:eventId/replay   sends a webhook again byte for byte (same signature): a replay
 *   POST   /_sim/reset
 *
 * Configuration (environment): SIM_PORT (4010; 0 = any free port), SIM_HOST (127.0.0.1),
 * COURIER_API_KEY and COURIER_WEBHOOK_SECRET (the development defaults of the service),
 * SIM_WEBHOOK_URL (http://127.0.0.1:3000/courier/webhook), SIM_PUBLIC_URL (for tracking links),
 * SIM_PICKUP_DELAY_MS (3000), SIM_DELIVERY_DELAY_MS (8000), SIM_AUTO_PROGRESS (true),
 * SIM_OUTCOME (delivered), SIM_LATENCY_MIN_MS (80), SIM_LATENCY_MAX_MS (250), SIM_MAX_WEIGHT_KG (20).
 * It prints one JSON line {"event":"listening","url":...} when ready.
 */
const http = require('node:http');
const { createHmac, randomBytes, createHash } = require('node:crypto');

const env = process.env;
const API_KEY = env.COURIER_API_KEY || 'dev-courier-api-key';
const WEBHOOK_SECRET = env.COURIER_WEBHOOK_SECRET || 'dev-courier-webhook-secret';
const MAX_WEIGHT_KG = Number(env.SIM_MAX_WEIGHT_KG || 20);
const WEBHOOK_RETRIES = Number(env.SIM_WEBHOOK_RETRIES || 8);
const MAX_BODY = 64 * 1024;

const defaults = () => ({
  autoProgress: (env.SIM_AUTO_PROGRESS || 'true') !== 'false',
  pickupDelayMs: Number(env.SIM_PICKUP_DELAY_MS || 3000),
  deliveryDelayMs: Number(env.SIM_DELIVERY_DELAY_MS || 8000),
  outcome: env.SIM_OUTCOME || 'delivered',
  latencyMs: [Number(env.SIM_LATENCY_MIN_MS || 80), Number(env.SIM_LATENCY_MAX_MS || 250)],
  webhookUrl: env.SIM_WEBHOOK_URL || 'http://127.0.0.1:3000/courier/webhook',
});

let config = defaults();
let state = freshState();
let publicUrl = env.SIM_PUBLIC_URL || '';
const timers = new Set();

function freshState() {
  return {
    bookings: new Map(), // id -> booking
    byKey: new Map(), // idempotency key -> { bookingId, hash }
    inFlight: new Set(), // idempotency keys being created right now
    createCalls: new Map(), // idempotency key -> number of POST /v1/bookings seen
    faults: [], // [{ type, left, ... }]
    webhooks: [], // [{ eventId, type, bookingId, body, signature, answers: [] }]
    counters: { created: 0, replayed: 0, rejected: 0, faulted: 0 },
    sequence: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

function send(res, status, body, headers = {}) {
  if (res.writableEnded || res.destroyed) return;
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json', ...headers });
  res.end(text);
}

function error(res, status, code, message, headers) {
  send(res, status, { code, message }, headers);
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

function later(ms, fn) {
  const timer = setTimeout(() => {
    timers.delete(timer);
    fn();
  }, ms);
  timers.add(timer);
}

const latency = () => {
  const [min, max] = config.latencyMs;
  return Math.max(0, Math.round(min + Math.random() * Math.max(0, max - min)));
};

// ---------------------------------------------------------------------------------------------
// Courier API

function authorised(req) {
  return req.headers.authorization === `Bearer ${API_KEY}`;
}

function takeFault() {
  const fault = state.faults[0];
  if (!fault) return undefined;
  if (fault.left !== -1) {
    fault.left -= 1;
    if (fault.left <= 0) state.faults.shift();
  }
  state.counters.faulted += 1;
  return fault;
}

function validateBooking(body) {
  const problems = [];
  const coordinates = (c) => c && Number.isFinite(c.lat) && Number.isFinite(c.lng) && Math.abs(c.lat) <= 90 && Math.abs(c.lng) <= 180;
  if (!body || typeof body !== 'object') return ['body must be a JSON object'];
  if (typeof body.reference !== 'string' || !body.reference) problems.push('reference is required');
  if (!body.pickup || typeof body.pickup.address !== 'string' || !body.pickup.address) problems.push('pickup.address is required');
  if (!body.pickup || !coordinates(body.pickup.coordinates)) problems.push('pickup.coordinates must be {lat, lng}');
  if (!body.dropoff || typeof body.dropoff.address !== 'string' || !body.dropoff.address) problems.push('dropoff.address is required');
  if (body.dropoff && body.dropoff.coordinates != null && !coordinates(body.dropoff.coordinates))
    problems.push('dropoff.coordinates must be {lat, lng}');
  if (!body.dropoff || typeof body.dropoff.phone !== 'string' || !body.dropoff.phone) problems.push('dropoff.phone is required');
  if (!body.parcel || !Number.isFinite(body.parcel.weightKg) || body.parcel.weightKg <= 0)
    problems.push('parcel.weightKg must be positive');
  return problems;
}

/** Rp 9,000 flag fall + Rp 2,500 per km (straight line, or 7 km when the drop-off has no coordinates) + Rp 500 per kg above 5. */
function feeOf(body) {
  const a = body.pickup.coordinates;
  const b = body.dropoff.coordinates;
  let km = 7;
  if (b) {
    const rad = (d) => (d * Math.PI) / 180;
    const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
    km = 2 * 6371 * Math.asin(Math.sqrt(h));
  }
  const fee = 9000 + 2500 * Math.max(1, km) + 500 * Math.max(0, body.parcel.weightKg - 5);
  return Math.round(fee / 500) * 500;
}

function bookingView(booking) {
  return {
    id: booking.id,
    reference: booking.reference,
    status: booking.status,
    serviceType: 'MOTORCYCLE',
    fee: { amount: booking.fee, currency: 'IDR' },
    trackingUrl: `${publicUrl}/track/${booking.id}`,
    driver: booking.driver,
    createdAt: booking.createdAt,
    updatedAt: booking.updatedAt,
  };
}

function createBooking(key, hash, body) {
  state.sequence += 1;
  const id = `BK-${String(state.sequence).padStart(6, '0')}-${randomBytes(2).toString('hex').toUpperCase()}`;
  const now = new Date().toISOString();
  const booking = {
    id,
    idempotencyKey: key,
    reference: body.reference,
    status: 'allocating',
    fee: feeOf(body),
    weightKg: body.parcel.weightKg,
    pickup: body.pickup,
    dropoff: body.dropoff,
    driver: null,
    createdAt: now,
    updatedAt: now,
  };
  state.bookings.set(id, booking);
  state.byKey.set(key, { bookingId: id, hash });
  state.counters.created += 1;
  later(Math.min(500, config.pickupDelayMs / 2), () => {
    if (booking.status !== 'allocating') return;
    booking.status = 'driver_assigned';
    booking.driver = { name: 'Pak Budi', plate: `B ${1000 + (state.sequence % 9000)} XYZ`, phone: '081200000000' };
    booking.updatedAt = new Date().toISOString();
  });
  if (config.autoProgress) scheduleProgress(booking);
  return booking;
}

function scheduleProgress(booking) {
  later(config.pickupDelayMs, () => {
    if (!['allocating', 'driver_assigned'].includes(booking.status)) return;
    void emit(booking, 'picked_up');
    later(Math.max(0, config.deliveryDelayMs - config.pickupDelayMs), () => {
      if (booking.status !== 'picked_up') return;
      if (config.outcome === 'failed') void emit(booking, 'failed', 'Recipient could not be reached');
      else void emit(booking, 'delivered');
    });
  });
}

async function handleCreate(req, res) {
  if (!authorised(req)) return error(res, 401, 'UNAUTHORIZED', 'Missing or wrong API key');
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key))
    return error(res, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key header is required');
  const text = await readBody(req);
  const body = parseJson(text);
  if (body === undefined) return error(res, 400, 'INVALID_JSON', 'Body is not JSON');
  state.createCalls.set(key, (state.createCalls.get(key) || 0) + 1);
  await sleep(latency());

  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const known = state.byKey.get(key);
  if (known) {
    if (known.hash !== hash) return error(res, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request');
    state.counters.replayed += 1;
    return send(res, 200, bookingView(state.bookings.get(known.bookingId)), { 'Idempotent-Replayed': 'true' });
  }
  if (state.inFlight.has(key)) return error(res, 409, 'REQUEST_IN_PROGRESS', 'A request with this Idempotency-Key is being processed');

  const fault = takeFault();
  if (fault) {
    switch (fault.type) {
      case 'fail':
        state.counters.rejected += 1;
        return error(res, 422, 'BOOKING_REJECTED', fault.message || 'No driver can take this booking');
      case '429':
        return error(res, 429, 'RATE_LIMITED', 'Too many requests', { 'Retry-After': String(fault.retryAfterSec ?? 1) });
      case '5xx':
        return error(res, fault.status || 503, 'UNAVAILABLE', 'Courier service unavailable');
      case 'timeout':
        // Never answers (until the client gives up); with createFirst the booking exists nevertheless.
        if (fault.createFirst) createBooking(key, hash, body);
        await sleep(fault.ms ?? 120_000);
        return res.destroy();
      case 'slow':
        // Answers late; the booking exists from the start (a worker killed meanwhile leaves it behind).
        state.inFlight.add(key);
        try {
          const booking = createBooking(key, hash, body);
          await sleep(fault.ms ?? 2000);
          return send(res, 201, bookingView(booking));
        } finally {
          state.inFlight.delete(key);
        }
      default:
        break;
    }
  }

  const problems = validateBooking(body);
  if (problems.length > 0) {
    state.counters.rejected += 1;
    return error(res, 400, 'VALIDATION_ERROR', problems.join('; '));
  }
  if (body.parcel.weightKg > MAX_WEIGHT_KG) {
    state.counters.rejected += 1;
    return error(res, 422, 'WEIGHT_LIMIT_EXCEEDED', `A motorcycle carries at most ${MAX_WEIGHT_KG} kg`);
  }
  const booking = createBooking(key, hash, body);
  return send(res, 201, bookingView(booking));
}

function handleCancel(req, res, id) {
  if (!authorised(req)) return error(res, 401, 'UNAUTHORIZED', 'Missing or wrong API key');
  const booking = state.bookings.get(id);
  if (!booking) return error(res, 404, 'NOT_FOUND', 'No such booking');
  if (!['allocating', 'driver_assigned'].includes(booking.status))
    return error(res, 409, 'NOT_CANCELLABLE', `A ${booking.status} booking cannot be cancelled`);
  booking.status = 'cancelled';
  booking.cancelledBy = 'merchant';
  booking.updatedAt = new Date().toISOString();
  return send(res, 200, bookingView(booking));
}

function trackingPage(booking) {
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(booking.id)}</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:2rem auto">
<h1>Pengiriman ${esc(booking.id)}</h1>
<p>Status: <strong>${esc(booking.status.replace(/_/g, ' '))}</strong></p>
<p>Dari: ${esc(booking.pickup.address)}<br>Ke: ${esc(booking.dropoff.address)}</p>
<p>Berat: ${esc(booking.weightKg)} kg &middot; Ongkos: Rp ${esc(booking.fee.toLocaleString('id-ID'))}</p>
${booking.driver ? `<p>Pengemudi: ${esc(booking.driver.name)} (${esc(booking.driver.plate)})</p>` : ''}
</body></html>`;
}

// ---------------------------------------------------------------------------------------------
// Webhooks

function signature(body, timestamp = Math.floor(Date.now() / 1000)) {
  const mac = createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

async function post(url, body, sig) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-courier-signature': sig },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text().catch(() => '');
    return { status: response.status, body: text.slice(0, 300) };
  } catch (e) {
    return { status: 0, body: String(e.cause?.code || e.message) };
  }
}

/** Sends one event, retrying (re-signed, same event id) while the receiver is down or does not know the booking yet. */
async function emit(booking, type, reason) {
  const next = { picked_up: 'picked_up', delivered: 'delivered', failed: 'failed', cancelled: 'cancelled' }[type];
  booking.status = next;
  booking.updatedAt = new Date().toISOString();
  const event = {
    id: `evt_${randomBytes(8).toString('hex')}`,
    type: `booking.${type}`,
    createdAt: booking.updatedAt,
    data: { bookingId: booking.id, reference: booking.reference, status: next, ...(reason ? { reason } : {}) },
  };
  const body = JSON.stringify(event);
  const record = { eventId: event.id, type: event.type, bookingId: booking.id, body, signature: '', answers: [] };
  state.webhooks.push(record);
  const stateAtStart = state;
  for (let attempt = 0; attempt <= WEBHOOK_RETRIES; attempt++) {
    record.signature = signature(body);
    const answer = await post(config.webhookUrl, body, record.signature);
    record.answers.push(answer.status);
    if (state !== stateAtStart) return record; // reset meanwhile
    const retry = answer.status === 0 || answer.status === 404 || answer.status === 429 || answer.status >= 500;
    if (!retry) return record;
    await sleep(Math.min(30_000, 250 * 2 ** attempt));
  }
  return record;
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
  if (path === '/_sim/faults' && method === 'DELETE') {
    state.faults = [];
    return send(res, 200, { faults: [] });
  }
  if (path === '/_sim/faults' && method === 'POST') {
    const body = parseJson(await readBody(req));
    const faults = body && Array.isArray(body.faults) ? body.faults : [];
    for (const fault of faults) {
      if (!['fail', 'timeout', '429', '5xx', 'slow'].includes(fault.type))
        return error(res, 400, 'BAD_FAULT', `Unknown fault ${fault.type}`);
      state.faults.push({ ...fault, left: fault.count === undefined ? 1 : fault.count });
    }
    return send(res, 200, { faults: state.faults });
  }
  if (path === '/_sim/config' && method === 'POST') {
    const body = parseJson(await readBody(req)) || {};
    config = { ...config, ...body };
    return send(res, 200, config);
  }
  if (path === '/_sim/bookings' && method === 'GET') {
    return send(res, 200, {
      bookings: [...state.bookings.values()].map((b) => ({ ...bookingView(b), idempotencyKey: b.idempotencyKey, weightKg: b.weightKg })),
      createCalls: Object.fromEntries(state.createCalls),
      counters: state.counters,
      faultsLeft: state.faults.length,
    });
  }
  let match = /^\/_sim\/bookings\/([^/]+)\/events$/.exec(path);
  if (match && method === 'POST') {
    const booking = state.bookings.get(decodeURIComponent(match[1]));
    if (!booking) return error(res, 404, 'NOT_FOUND', 'No such booking');
    const body = parseJson(await readBody(req)) || {};
    if (!['picked_up', 'delivered', 'failed', 'cancelled'].includes(body.type))
      return error(res, 400, 'BAD_EVENT', 'type must be picked_up, delivered, failed or cancelled');
    const record = await emit(booking, body.type, body.reason);
    return send(res, 200, { eventId: record.eventId, answers: record.answers });
  }
  if (path === '/_sim/webhooks' && method === 'GET') {
    return send(res, 200, { webhooks: state.webhooks.map(({ body, ...rest }) => ({ ...rest, event: JSON.parse(body) })) });
  }
  match = /^\/_sim\/webhooks\/([^/]+)\/replay$/.exec(path);
  if (match && method === 'POST') {
    const record = state.webhooks.find((w) => w.eventId === decodeURIComponent(match[1]));
    if (!record) return error(res, 404, 'NOT_FOUND', 'No such webhook');
    const answer = await post(config.webhookUrl, record.body, record.signature);
    return send(res, 200, answer);
  }
  return error(res, 404, 'NOT_FOUND', 'No such control route');
}

// ---------------------------------------------------------------------------------------------

async function route(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const path = url.pathname;
  if (path.startsWith('/_sim/')) return handleControl(req, res, path);
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'POST' && path === '/v1/bookings') return handleCreate(req, res);
  let match = /^\/v1\/bookings\/([^/]+)$/.exec(path);
  if (match && req.method === 'GET') {
    if (!authorised(req)) return error(res, 401, 'UNAUTHORIZED', 'Missing or wrong API key');
    await sleep(latency());
    const booking = state.bookings.get(decodeURIComponent(match[1]));
    return booking ? send(res, 200, bookingView(booking)) : error(res, 404, 'NOT_FOUND', 'No such booking');
  }
  match = /^\/v1\/bookings\/([^/]+)\/cancel$/.exec(path);
  if (match && req.method === 'POST') {
    await readBody(req);
    return handleCancel(req, res, decodeURIComponent(match[1]));
  }
  match = /^\/track\/([^/]+)$/.exec(path);
  if (match && req.method === 'GET') {
    const booking = state.bookings.get(decodeURIComponent(match[1]));
    return booking ? send(res, 200, trackingPage(booking)) : error(res, 404, 'NOT_FOUND', 'No such booking');
  }
  return error(res, 404, 'NOT_FOUND', `No route ${req.method} ${path}`);
}

const server = http.createServer((req, res) => {
  route(req, res).catch((e) => error(res, e.status || 500, 'INTERNAL', e.message));
});
server.keepAliveTimeout = 5000;

server.listen(Number(env.SIM_PORT ?? 4010), env.SIM_HOST || '127.0.0.1', () => {
  const { port } = server.address();
  const host = env.SIM_HOST && env.SIM_HOST !== '0.0.0.0' ? env.SIM_HOST : '127.0.0.1';
  if (!publicUrl) publicUrl = `http://${host === '::' ? 'localhost' : host}:${port}`;
  process.stdout.write(`${JSON.stringify({ event: 'listening', port, url: `http://${host}:${port}`, webhookUrl: config.webhookUrl })}\n`);
});

function shutdown() {
  for (const timer of timers) clearTimeout(timer);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
