#!/usr/bin/env node
'use strict';
/**
 * Messaging simulator: a stand-in for the WhatsApp Business Cloud API and an HTTP SMS gateway, run
 * as its own process (`npm run messaging:sim`, docker compose, and the notification tests). It
 * speaks what the drivers in src/notifications/channels use:
 *
 *   POST /{version}/{phone-number-id}/messages   Authorization: Bearer <token>   a template message
 *        -> 200 {messaging_product, contacts: [{input, wa_id}], messages: [{id: 'wamid....'}]}
 *        the same Idempotency-Key again -> the same wamid, nothing delivered twice
 *   POST /v1/sms                                  Authorization: Bearer <key>, Idempotency-Key   {to, text, reference}
 *        -> 201 {id, status: 'accepted'}
 *
 * and sends status webhooks the way Meta does (sent, delivered, read, failed), signed with
 * X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>, retrying while
 * the receiver fails. A number in `noWhatsApp` is accepted and then fails with error 131026
 * (message undeliverable), as the Cloud API does.
 * A template body parameter without text is refused with 400, error 131008, as the Cloud API does.
 *
 * Control API for tests and demos (no auth; bind to localhost), under /_sim:
 *   POST   /_sim/faults   {faults: [{type: '429'|'5xx'|'timeout'|'template_rejected'|'invalid_number', channel?: 'whatsapp'|'sms', count?, status?, retryAfterSec?, ms?}]}
 *   DELETE /_sim/faults
 *   POST   /_sim/config   {autoStatus?, statusDelayMs?, read?, latencyMs?: [min, max], webhookUrl?, noWhatsApp?: [numbers]}
 *   GET    /_sim/messages                  every message, send calls per idempotency key, counters
 *   POST   /_sim/messages/:id/statuses     {status: 'sent'|'delivered'|'read'|'failed', errorCode?} sends that webhook now
 *   GET    /_sim/webhooks                  every webhook sent, with its answers
 *   POST   /_sim/webhooks/:n/replay        sends webhook n again byte for byte (same signature): a replay
 *   POST   /_sim/verify                    runs the GET hub.challenge handshake against the webhook URL
 *   POST   /_sim/reset
 *
 * Configuration (environment): SIM_PORT (4030; 0 = any free port), SIM_HOST (127.0.0.1),
 * WHATSAPP_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, SMS_API_KEY (the development defaults
 * of the service), SIM_WEBHOOK_URL (http://127.0.0.1:3000/notifications/whatsapp/webhook),
 * SIM_AUTO_STATUS (true), SIM_STATUS_DELAY_MS (300), SIM_LATENCY_MIN_MS (30), SIM_LATENCY_MAX_MS (120).
 * It prints one JSON line {"event":"listening","url":...} when ready.
 */
const http = require('node:http');
const { createHmac, randomBytes } = require('node:crypto');

const env = process.env;
const TOKEN = env.WHATSAPP_TOKEN || 'dev-whatsapp-token';
const APP_SECRET = env.WHATSAPP_APP_SECRET || 'dev-whatsapp-app-secret';
const VERIFY_TOKEN = env.WHATSAPP_VERIFY_TOKEN || 'dev-whatsapp-verify-token';
const SMS_KEY = env.SMS_API_KEY || 'dev-sms-api-key';
const WEBHOOK_RETRIES = Number(env.SIM_WEBHOOK_RETRIES || 8);
const MAX_BODY = 64 * 1024;

const defaults = () => ({
  autoStatus: (env.SIM_AUTO_STATUS || 'true') !== 'false',
  statusDelayMs: Number(env.SIM_STATUS_DELAY_MS || 300),
  read: false,
  latencyMs: [Number(env.SIM_LATENCY_MIN_MS || 30), Number(env.SIM_LATENCY_MAX_MS || 120)],
  webhookUrl: env.SIM_WEBHOOK_URL || 'http://127.0.0.1:3000/notifications/whatsapp/webhook',
  noWhatsApp: [],
});

let config = defaults();
let state = freshState();
const timers = new Set();

function freshState() {
  return {
    messages: new Map(), // id -> message
    byKey: new Map(), // idempotency key -> message id
    sendCalls: new Map(), // idempotency key -> number of sends seen
    faults: [], // [{ type, channel, left, ... }]
    webhooks: [], // [{ n, messageId, status, body, signature, answers: [] }]
    counters: { whatsapp: 0, sms: 0, replayed: 0, rejected: 0, faulted: 0 },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

function send(res, status, body, headers = {}) {
  if (res.writableEnded || res.destroyed) return;
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
  res.end(text);
}

/** Errors in the Cloud API's shape: {error: {message, type, code, fbtrace_id}}. */
function graphError(res, status, code, message, headers) {
  send(res, status, { error: { message, type: 'OAuthException', code, fbtrace_id: randomBytes(6).toString('hex') } }, headers);
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

/** The next fault meant for this channel (a fault without channel hits either). */
function takeFault(channel) {
  const index = state.faults.findIndex((fault) => !fault.channel || fault.channel === channel);
  if (index < 0) return undefined;
  const fault = state.faults[index];
  if (fault.left !== -1) {
    fault.left -= 1;
    if (fault.left <= 0) state.faults.splice(index, 1);
  }
  state.counters.faulted += 1;
  return fault;
}

/** Faults both APIs share; answers true when it answered the request. */
async function applyFault(res, fault, reply) {
  switch (fault.type) {
    case '429':
      reply(429, 130429, 'Rate limit hit', { 'Retry-After': String(fault.retryAfterSec ?? 1) });
      return true;
    case '5xx':
      reply(fault.status || 503, 131000, 'Service temporarily unavailable');
      return true;
    case 'timeout':
      await sleep(fault.ms ?? 120_000);
      res.destroy();
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// WhatsApp Cloud API

function validTemplate(body) {
  const t = body && body.template;
  return (
    body &&
    body.messaging_product === 'whatsapp' &&
    typeof body.to === 'string' &&
    /^\d{8,15}$/.test(body.to) &&
    body.type === 'template' &&
    t &&
    typeof t.name === 'string' &&
    t.language &&
    typeof t.language.code === 'string'
  );
}

function bodyParameters(body) {
  return (body.template.components || []).find((c) => c.type === 'body')?.parameters || [];
}

async function handleWhatsApp(req, res) {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return graphError(res, 401, 190, 'Invalid OAuth access token');
  const body = parseJson(await readBody(req));
  if (body === undefined) return graphError(res, 400, 100, 'Invalid JSON');
  const key = req.headers['idempotency-key'] || body.biz_opaque_callback_data || null;
  if (key) state.sendCalls.set(key, (state.sendCalls.get(key) || 0) + 1);
  await sleep(latency());
  if (key && state.byKey.has(key)) {
    state.counters.replayed += 1;
    const known = state.messages.get(state.byKey.get(key));
    return send(res, 200, cloudAnswer(known));
  }
  const fault = takeFault('whatsapp');
  if (fault) {
    if (await applyFault(res, fault, (status, code, message, headers) => graphError(res, status, code, message, headers))) return;
    if (fault.type === 'template_rejected') {
      state.counters.rejected += 1;
      return graphError(res, 404, 132001, `Template name does not exist in the translation: ${body?.template?.name}`);
    }
    if (fault.type === 'invalid_number') {
      state.counters.rejected += 1;
      return graphError(res, 400, 131026, 'Message undeliverable');
    }
  }
  const empty = validTemplate(body) ? bodyParameters(body).findIndex((p) => !p || p.type !== 'text' || !String(p.text ?? '').trim()) : -1;
  if (empty >= 0) {
    // As Meta answers a template parameter without text: the message is not accepted.
    state.counters.rejected += 1;
    return graphError(res, 400, 131008, `Required parameter is missing: body parameter ${empty + 1} has no text`);
  }
  if (!validTemplate(body)) {
    state.counters.rejected += 1;
    return graphError(
      res,
      400,
      100,
      'Invalid parameter: a template message needs messaging_product, to, type=template, template.name and template.language.code',
    );
  }
  const message = record('whatsapp', key, {
    to: body.to,
    template: body.template.name,
    language: body.template.language.code,
    parameters: bodyParameters(body).map((p) => p.text),
    reference: body.biz_opaque_callback_data || null,
  });
  state.counters.whatsapp += 1;
  if (config.noWhatsApp.includes(body.to)) later(config.statusDelayMs, () => void emitStatus(message, 'failed', 131026));
  else if (config.autoStatus) {
    later(config.statusDelayMs, () => void emitStatus(message, 'sent'));
    later(config.statusDelayMs * 2, () => void emitStatus(message, 'delivered'));
    if (config.read) later(config.statusDelayMs * 3, () => void emitStatus(message, 'read'));
  }
  return send(res, 200, cloudAnswer(message));
}

function cloudAnswer(message) {
  return { messaging_product: 'whatsapp', contacts: [{ input: message.to, wa_id: message.to }], messages: [{ id: message.id }] };
}

function record(channel, key, fields) {
  const id =
    channel === 'whatsapp' ? `wamid.${randomBytes(12).toString('base64url')}` : `SMS-${randomBytes(6).toString('hex').toUpperCase()}`;
  const message = { id, channel, idempotencyKey: key, statuses: [], createdAt: new Date().toISOString(), ...fields };
  state.messages.set(id, message);
  if (key) state.byKey.set(key, id);
  return message;
}

// ---------------------------------------------------------------------------------------------
// SMS gateway

async function handleSms(req, res) {
  if (req.headers.authorization !== `Bearer ${SMS_KEY}`)
    return send(res, 401, { code: 'UNAUTHORIZED', message: 'Missing or wrong API key' });
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || !key)
    return send(res, 400, { code: 'IDEMPOTENCY_KEY_REQUIRED', message: 'Idempotency-Key header is required' });
  const body = parseJson(await readBody(req));
  if (body === undefined) return send(res, 400, { code: 'INVALID_JSON', message: 'Body is not JSON' });
  state.sendCalls.set(key, (state.sendCalls.get(key) || 0) + 1);
  await sleep(latency());
  if (state.byKey.has(key)) {
    state.counters.replayed += 1;
    const known = state.messages.get(state.byKey.get(key));
    return send(res, 200, { id: known.id, status: 'accepted' }, { 'Idempotent-Replayed': 'true' });
  }
  const fault = takeFault('sms');
  if (fault) {
    if (await applyFault(res, fault, (status, code, message, headers) => send(res, status, { code, message }, headers))) return;
    if (fault.type === 'invalid_number') {
      state.counters.rejected += 1;
      return send(res, 422, { code: 'INVALID_NUMBER', message: 'The number cannot receive SMS' });
    }
  }
  if (typeof body.to !== 'string' || !/^\d{8,15}$/.test(body.to) || typeof body.text !== 'string' || !body.text) {
    state.counters.rejected += 1;
    return send(res, 400, { code: 'VALIDATION_ERROR', message: 'to (digits) and text are required' });
  }
  const message = record('sms', key, { to: body.to, text: body.text, reference: body.reference || null });
  state.counters.sms += 1;
  return send(res, 201, { id: message.id, status: 'accepted' });
}

// ---------------------------------------------------------------------------------------------
// Status webhooks

function signature(body) {
  return `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
}

async function post(url, body, sig) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': sig },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text().catch(() => '');
    return { status: response.status, body: text.slice(0, 300) };
  } catch (e) {
    return { status: 0, body: String(e.cause?.code || e.message) };
  }
}

/** One status of one message, in the shape of a Cloud API webhook; retried while the receiver is down. */
async function emitStatus(message, status, errorCode) {
  const item = {
    id: message.id,
    status,
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: message.to,
    ...(message.reference ? { biz_opaque_callback_data: message.reference } : {}),
    ...(status === 'failed'
      ? { errors: [{ code: errorCode || 131026, title: errorCode === 131026 || !errorCode ? 'Message undeliverable' : 'Failed' }] }
      : {}),
  };
  message.statuses.push(status);
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-SIM',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'sim' }, statuses: [item] } }],
      },
    ],
  });
  const hook = { n: state.webhooks.length, messageId: message.id, status, body, signature: signature(body), answers: [] };
  state.webhooks.push(hook);
  const stateAtStart = state;
  for (let attempt = 0; attempt <= WEBHOOK_RETRIES; attempt++) {
    const answer = await post(config.webhookUrl, body, hook.signature);
    hook.answers.push(answer.status);
    if (state !== stateAtStart) return hook;
    if (!(answer.status === 0 || answer.status === 429 || answer.status >= 500)) return hook;
    await sleep(Math.min(30_000, 250 * 2 ** attempt));
  }
  return hook;
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
      if (!['429', '5xx', 'timeout', 'template_rejected', 'invalid_number'].includes(fault.type))
        return send(res, 400, { code: 'BAD_FAULT', message: `Unknown fault ${fault.type}` });
      state.faults.push({ ...fault, left: fault.count === undefined ? 1 : fault.count });
    }
    return send(res, 200, { faults: state.faults });
  }
  if (path === '/_sim/config' && method === 'POST') {
    const body = parseJson(await readBody(req)) || {};
    config = { ...config, ...body };
    return send(res, 200, config);
  }
  if (path === '/_sim/messages' && method === 'GET') {
    return send(res, 200, {
      messages: [...state.messages.values()],
      sendCalls: Object.fromEntries(state.sendCalls),
      counters: state.counters,
      faultsLeft: state.faults.length,
    });
  }
  let match = /^\/_sim\/messages\/([^/]+)\/statuses$/.exec(path);
  if (match && method === 'POST') {
    const message = state.messages.get(decodeURIComponent(match[1]));
    if (!message) return send(res, 404, { code: 'NOT_FOUND', message: 'No such message' });
    const body = parseJson(await readBody(req)) || {};
    if (!['sent', 'delivered', 'read', 'failed'].includes(body.status))
      return send(res, 400, { code: 'BAD_STATUS', message: 'status must be sent, delivered, read or failed' });
    const hook = await emitStatus(message, body.status, body.errorCode);
    return send(res, 200, { n: hook.n, answers: hook.answers });
  }
  if (path === '/_sim/webhooks' && method === 'GET') {
    return send(res, 200, { webhooks: state.webhooks.map(({ body, ...rest }) => ({ ...rest, event: JSON.parse(body) })) });
  }
  match = /^\/_sim\/webhooks\/(\d+)\/replay$/.exec(path);
  if (match && method === 'POST') {
    const hook = state.webhooks[Number(match[1])];
    if (!hook) return send(res, 404, { code: 'NOT_FOUND', message: 'No such webhook' });
    return send(res, 200, await post(config.webhookUrl, hook.body, hook.signature));
  }
  if (path === '/_sim/verify' && method === 'POST') {
    const challenge = randomBytes(8).toString('hex');
    const url = new URL(config.webhookUrl);
    url.search = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': challenge }).toString();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const text = await response.text();
      return send(res, 200, {
        verified: response.status === 200 && text === challenge,
        status: response.status,
        answer: text.slice(0, 100),
      });
    } catch (e) {
      return send(res, 200, { verified: false, status: 0, answer: String(e.cause?.code || e.message) });
    }
  }
  return send(res, 404, { code: 'NOT_FOUND', message: 'No such control route' });
}

// ---------------------------------------------------------------------------------------------

async function route(req, res) {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path.startsWith('/_sim/')) return handleControl(req, res, path);
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'POST' && /^\/v\d+\.\d+\/[^/]+\/messages$/.test(path)) return handleWhatsApp(req, res);
  if (req.method === 'POST' && path === '/v1/sms') return handleSms(req, res);
  return send(res, 404, { code: 'NOT_FOUND', message: `No route ${req.method} ${path}` });
}

const server = http.createServer((req, res) => {
  route(req, res).catch((e) => send(res, e.status || 500, { code: 'INTERNAL', message: e.message }));
});
server.keepAliveTimeout = 5000;

server.listen(Number(env.SIM_PORT ?? 4030), env.SIM_HOST || '127.0.0.1', () => {
  const { port } = server.address();
  const host = env.SIM_HOST && env.SIM_HOST !== '0.0.0.0' ? env.SIM_HOST : '127.0.0.1';
  process.stdout.write(`${JSON.stringify({ event: 'listening', port, url: `http://${host}:${port}`, webhookUrl: config.webhookUrl })}\n`);
});

function shutdown() {
  for (const timer of timers) clearTimeout(timer);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
