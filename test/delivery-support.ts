import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startWorker } from '../src/worker';
import { bearer, createWave, loginAdmin, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { createOfficer, pay, placeOrder, PlacedOrder, Staff } from './desk-fixtures';

/** Helpers for the delivery tests (test/delivery-*.e2e-spec.ts). */

export const COURIER_API_KEY = 'test-courier-api-key';
export const COURIER_WEBHOOK_SECRET = 'test-courier-webhook-secret';
const ROOT = join(__dirname, '..');

/** Settings that keep retries and stalled-job recovery within a test's patience. */
export const FAST_DELIVERY_ENV = {
  COURIER_API_KEY,
  COURIER_WEBHOOK_SECRET,
  COURIER_TIMEOUT_MS: '700',
  DELIVERY_JOB_ATTEMPTS: '4',
  DELIVERY_BACKOFF_MS: '100',
  WORKER_CONCURRENCY: '8',
  WORKER_LOCK_DURATION_MS: '2000',
  WORKER_SHUTDOWN_TIMEOUT_MS: '10000',
  COURIER_RATE_LIMIT_MAX: '1000',
  COURIER_RATE_LIMIT_DURATION_MS: '1000',
};

export interface Simulator {
  url: string;
  process: ChildProcess;
  control<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  bookings(): Promise<SimBookings>;
  stop(): Promise<void>;
}

export interface SimBookings {
  bookings: { id: string; idempotencyKey: string; status: string; fee: { amount: number }; trackingUrl: string; weightKg: number }[];
  createCalls: Record<string, number>;
  counters: { created: number; replayed: number; rejected: number; faulted: number };
}

/** Starts the courier simulator as a real child process on a free port of localhost. */
export async function startSimulator(env: Record<string, string> = {}): Promise<Simulator> {
  const child = spawn(process.execPath, [join(ROOT, 'courier-sim/server.js')], {
    env: {
      ...process.env,
      SIM_PORT: '0',
      SIM_HOST: '127.0.0.1',
      COURIER_API_KEY,
      COURIER_WEBHOOK_SECRET,
      SIM_LATENCY_MIN_MS: '5',
      SIM_LATENCY_MAX_MS: '20',
      SIM_AUTO_PROGRESS: 'false',
      SIM_WEBHOOK_RETRIES: '6',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line).url));
    child.once('exit', (code) => reject(new Error(`courier simulator exited with ${code}`)));
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    process: child,
    control,
    bookings: () => control('GET', '/_sim/bookings'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Lets the service take webhooks: listens on a free port of localhost, and tells the simulator where. */
export async function exposeApi(app: NestFastifyApplication, sim: Simulator): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  await sim.control('POST', '/_sim/config', { webhookUrl: `${base}/courier/webhook` });
  return base;
}

/** Starts the worker module in this process (like dist/worker.js does), against the test's database and Redis prefix. */
export function startInProcessWorker(ctx: Pick<TestContext, 'config'>): Promise<INestApplicationContext> {
  return startWorker(ctx.config);
}

/** Starts a worker as a separate Node process (TypeScript compiled on the fly by SWC), for tests that kill it. */
export async function startWorkerProcess(ctx: Pick<TestContext, 'env'>, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'delivery-worker-child.js')], {
    env: { ...process.env, ...ctx.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.includes('"event":"worker-ready"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
  return child;
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Simulates losing Redis (a flush, or a restart without persistence) for this test only: deletes
 * every key under the test's own REDIS_PREFIX. The shared Redis server is never restarted or
 * flushed as a whole, since other test files use it at the same time.
 */
export async function flushPrefix(prefix: string): Promise<number> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Polls until `check` answers truthy (or fails after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface DeliveryCase {
  ctx: TestContext;
  ref: ReferenceCase;
  wave: any;
  officer: Staff;
  otherOfficer: Staff;
  buyers: TestBuyer[];
}

/** The reference case with a wave open for plenty of orders, and one officer per dropping point. */
export async function deliveryCase(env: Record<string, string>, buyerCount: number, perBuyerLimitKg = 400): Promise<DeliveryCase> {
  const ctx = await startTestContext(env);
  const ref = await referenceCase(ctx);
  const wave = await createWave(ctx, ref, { capacityKg: 50_000, perBuyerLimitKg });
  const officer = await createOfficer(ctx, ref, 'petugas-kemenkop', [ref.points[0].id]);
  const otherOfficer = await createOfficer(ctx, ref, 'petugas-lenteng', [ref.points[1].id]);
  const buyers = await registerBuyers(ctx, buyerCount);
  return { ctx, ref, wave, officer, otherOfficer, buyers };
}

export const ADDRESSES = [
  'Jl. Kebagusan Raya No. 7, Pasar Minggu, Jakarta Selatan',
  'Jl. Tebet Barat Dalam II No. 12, Tebet, Jakarta Selatan',
  'Jl. Pejaten Raya No. 3, Pasar Minggu, Jakarta Selatan',
];

/** A home-delivery order at the ministry's dropping point, paid at the desk. */
export async function paidDeliveryOrder(
  c: DeliveryCase,
  buyer: TestBuyer,
  packs: Record<number, number>,
  pointIndex = 0,
): Promise<PlacedOrder> {
  const order = await placeOrder(
    c.ctx,
    c.wave,
    buyer,
    c.ref.points[pointIndex].id,
    packs,
    ADDRESSES[buyer.nip.charCodeAt(17) % ADDRESSES.length],
  );
  await pay(c.ctx, pointIndex === 0 ? c.officer.token : c.otherOfficer.token, order);
  return order;
}

/** The officer records the cooperative's goods arriving: enough packs for every paid order of the point. */
export async function receiveGoods(
  c: DeliveryCase,
  token: string,
  pointIndex = 0,
  packs: Record<number, number> = { 5: 500, 10: 500, 20: 500 },
) {
  return c.ctx.http
    .post(`/dropping-points/${c.ref.points[pointIndex].id}/receipts`)
    .set(bearer(token))
    .send({
      waveId: c.wave.id,
      packs: Object.entries(packs).map(([size, quantity]) => ({ packId: packOf(c.wave, Number(size)), quantity })),
    })
    .expect(201);
}

export async function tripsOf(ctx: TestContext, orderId: string) {
  return sql<{
    id: string;
    part: number;
    parts: number;
    kg: number;
    status: string;
    external_id: string | null;
    failure_stage: string | null;
    failure_reason: string | null;
    booking_attempts: number;
    dispatch_round: number;
  }>(
    ctx.databaseUrl,
    `SELECT t.id, t.part, t.parts, t.kg, t.status, b.external_id, t.failure_stage, t.failure_reason, t.booking_attempts, t.dispatch_round
       FROM delivery_trips t LEFT JOIN courier_bookings b ON b.trip_id = t.id WHERE t.order_id = $1 ORDER BY t.part, t.queued_at`,
    [orderId],
  );
}

export async function orderStatus(ctx: TestContext, orderId: string): Promise<string> {
  const rows = await sql<{ status: string }>(ctx.databaseUrl, 'SELECT status FROM orders WHERE id = $1', [orderId]);
  return rows[0].status;
}

export { bearer, loginAdmin, sql };

/**
 * A TCP proxy in front of the shared Redis, so a test can take "Redis" away from its own service
 * (down: every connection cut and refused; up: accepted again) without touching the real server.
 */
export interface RedisProxy {
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedisProxy(target = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): Promise<RedisProxy> {
  const net = await import('node:net');
  const { hostname, port } = new URL(target);
  const sockets = new Set<import('node:net').Socket>();
  const makeServer = () =>
    net.createServer((client) => {
      const upstream = net.connect(Number(port || 6379), hostname || '127.0.0.1');
      sockets.add(client);
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
  let server = makeServer();
  const listen = (listenPort: number) =>
    new Promise<number>((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  const proxyPort = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      server.close(() => resolve());
    });
  return {
    url: `redis://127.0.0.1:${proxyPort}`,
    down: stop,
    async up() {
      server = makeServer();
      await listen(proxyPort);
    },
    close: stop,
  };
}
