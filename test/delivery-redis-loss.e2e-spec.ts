import type { INestApplicationContext } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { QUEUES } from '../src/queues/queue-names';
import { QueueRegistry } from '../src/queues/queue-registry';
import { pay, placeOrder, PlacedOrder } from './desk-fixtures';
import {
  ADDRESSES,
  DeliveryCase,
  deliveryCase,
  eventually,
  exitOf,
  exposeApi,
  FAST_DELIVERY_ENV,
  flushPrefix,
  receiveGoods,
  RedisProxy,
  Simulator,
  sql,
  startInProcessWorker,
  startRedisProxy,
  startSimulator,
  startWorkerProcess,
} from './delivery-support';

/**
 * Nothing lost, nothing booked twice, while Redis loses its data or goes away in the middle of a
 * dispatch of hundreds of trips, with two worker processes booking at once.
 *
 * The shared Redis server is not restarted (other test files use it at the same time). Instead:
 * - data loss (FLUSHALL, or a restart without persistence) is simulated by deleting every key
 *   under this test's own REDIS_PREFIX;
 * - an outage is simulated by a TCP proxy between this test's service and Redis that cuts every
 *   connection and refuses new ones for a while.
 */
describe('Redis loss during a dispatch of hundreds of orders', () => {
  let sim: Simulator;
  let proxy: RedisProxy;
  let c: DeliveryCase;
  let worker: INestApplicationContext;
  let workerProcess: ChildProcess;

  beforeAll(async () => {
    sim = await startSimulator({ SIM_LATENCY_MIN_MS: '20', SIM_LATENCY_MAX_MS: '40' });
    proxy = await startRedisProxy();
    c = await deliveryCase(
      {
        ...FAST_DELIVERY_ENV,
        COURIER_DRIVER: 'http',
        COURIER_BASE_URL: sim.url,
        REDIS_URL: proxy.url,
        COURIER_TIMEOUT_MS: '3000',
        DELIVERY_JOB_ATTEMPTS: '10',
        COURIER_RATE_LIMIT_MAX: '60',
        COURIER_RATE_LIMIT_DURATION_MS: '500',
        OUTBOX_RECONCILE_SECONDS: '3600',
      },
      24,
    );
    await exposeApi(c.ctx.apps[0], sim);
    worker = await startInProcessWorker(c.ctx);
    workerProcess = await startWorkerProcess(c.ctx);
  }, 120_000);

  afterAll(async () => {
    workerProcess?.kill('SIGTERM');
    if (workerProcess) await exitOf(workerProcess);
    await worker?.close();
    await c?.ctx.close();
    await proxy?.close();
    await sim?.stop();
  });

  /** `count` paid home-delivery orders of 30 kg (two motorbike trips each) at the ministry's point. */
  async function paidOrders(count: number, firstBuyer: number): Promise<PlacedOrder[]> {
    const orders: PlacedOrder[] = [];
    for (let start = 0; start < count; start += 24) {
      const batch = Array.from({ length: Math.min(24, count - start) }, (_, k) => {
        const buyer = c.buyers[(firstBuyer + start + k) % c.buyers.length];
        return placeOrder(c.ctx, c.wave, buyer, c.ref.points[0].id, { 20: 1, 10: 1 }, ADDRESSES[k % ADDRESSES.length]);
      });
      orders.push(...(await Promise.all(batch)));
    }
    for (const order of orders) await pay(c.ctx, c.officer.token, order);
    return orders;
  }

  async function tripsOfOrders(orders: PlacedOrder[]) {
    return sql<{ id: string; status: string; external_id: string | null }>(
      c.ctx.databaseUrl,
      `SELECT t.id, t.status, b.external_id FROM delivery_trips t LEFT JOIN courier_bookings b ON b.trip_id = t.id WHERE t.order_id = ANY ($1)`,
      [orders.map((order) => order.id)],
    );
  }

  async function bookedAtCourier(tripIds: string[]): Promise<number> {
    const wanted = new Set(tripIds);
    return (await sim.bookings()).bookings.filter((booking) => wanted.has(booking.idempotencyKey)).length;
  }

  /** Every trip holds one booking, and the courier has exactly one booking for each trip and no other. */
  async function expectExactlyOnce(orders: PlacedOrder[]) {
    const trips = await tripsOfOrders(orders);
    expect(trips.length).toBe(orders.length * 2);
    expect(trips.filter((trip) => trip.status !== 'booked')).toEqual([]);
    const { bookings } = await sim.bookings();
    const ours = new Set(trips.map((trip) => trip.id));
    const perKey = new Map<string, string[]>();
    for (const booking of bookings.filter((b) => ours.has(b.idempotencyKey))) {
      perKey.set(booking.idempotencyKey, [...(perKey.get(booking.idempotencyKey) ?? []), booking.id]);
    }
    expect(trips.filter((trip) => perKey.get(trip.id)?.length !== 1)).toEqual([]);
    expect(trips.filter((trip) => perKey.get(trip.id)![0] !== trip.external_id)).toEqual([]);
  }

  it('re-enqueues what a Redis flush lost: every trip ends with exactly one booking', async () => {
    const orders = await paidOrders(150, 0);
    await receiveGoods(c, c.officer.token); // queues all 150 orders: 300 trips, in the receipt's transaction
    const tripIds = (await tripsOfOrders(orders)).map((trip) => trip.id);
    expect(tripIds).toHaveLength(300);

    await eventually(async () => (await bookedAtCourier(tripIds)) >= 60, 30_000, '60 bookings');
    const lost = await flushPrefix(c.ctx.redisPrefix);
    expect(lost).toBeGreaterThan(0);
    const bookedBeforeRecovery = await bookedAtCourier(tripIds);
    expect(bookedBeforeRecovery).toBeLessThan(300);

    // The relay's periodic check (here called directly instead of waiting OUTBOX_RECONCILE_SECONDS).
    const relay = c.ctx.apps[0].get(OutboxRelay);
    await eventually(async () => (await relay.reconcile(0)) > 0, 10_000, 'the reconciliation to find lost jobs');
    await eventually(async () => (await tripsOfOrders(orders)).every((trip) => trip.status === 'booked'), 60_000, 'every trip booked');
    await expectExactlyOnce(orders);
    const [relayed] = await sql<{ again: number }>(
      c.ctx.databaseUrl,
      'SELECT count(*) FILTER (WHERE enqueue_count > 1)::int AS again FROM outbox_messages',
    );
    expect(relayed.again).toBeGreaterThan(0);
  }, 120_000);

  it('loses nothing while Redis is unreachable in the middle of a dispatch, and books each trip once', async () => {
    const orders = await paidOrders(100, 150);
    const dispatched = await c.ctx.http
      .post(`/dropping-points/${c.ref.points[0].id}/dispatch`)
      .set('Authorization', `Bearer ${c.officer.token}`)
      .send({ waveId: c.wave.id, orderIds: orders.map((order) => order.id) })
      .expect(202);
    expect(dispatched.body.queuedTrips).toBe(200);
    const tripIds = dispatched.body.trips.map((trip: { id: string }) => trip.id);

    await eventually(async () => (await bookedAtCourier(tripIds)) >= 30, 30_000, '30 bookings');
    await proxy.down();
    // While Redis is away: the API still takes a dispatch (it writes only to PostgreSQL) ...
    const late = await paidOrders(5, 5);
    const whileDown = await c.ctx.http
      .post(`/dropping-points/${c.ref.points[0].id}/dispatch`)
      .set('Authorization', `Bearer ${c.officer.token}`)
      .send({ waveId: c.wave.id, orderIds: late.map((order) => order.id) })
      .expect(202);
    expect(whileDown.body.queuedTrips).toBe(10);
    // ... and its intents wait in the outbox.
    await eventually(async () => {
      const [row] = await sql<{ waiting: number }>(
        c.ctx.databaseUrl,
        `SELECT count(*)::int AS waiting FROM outbox_messages WHERE enqueued_at IS NULL AND payload->>'tripId' = ANY ($1)`,
        [whileDown.body.trips.map((trip: { id: string }) => trip.id)],
      );
      return row.waiting === 10;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await proxy.up();

    const everything = [...orders, ...late];
    await eventually(async () => (await tripsOfOrders(everything)).every((trip) => trip.status === 'booked'), 90_000, 'every trip booked');
    await expectExactlyOnce(everything);
  }, 150_000);

  it('treats removed (cleaned-up) job ids as new jobs without booking anything twice: the database decides', async () => {
    const queue = c.ctx.apps[0].get(QueueRegistry).queue(QUEUES.delivery);
    const before = await sim.bookings();
    const callsBefore = Object.values(before.createCalls).reduce((sum, n) => sum + n, 0);
    await queue.clean(0, 100_000, 'completed');
    // Every intent relayed once more under its old job id, as after a loss of Redis.
    await sql(c.ctx.databaseUrl, 'UPDATE outbox_messages SET enqueued_at = NULL, completed_at = NULL');
    await c.ctx.apps[0].get(OutboxRelay).relayPending();
    const [relayed] = await sql<{ again: number; all: number }>(
      c.ctx.databaseUrl,
      'SELECT count(*) FILTER (WHERE enqueued_at IS NOT NULL)::int AS again, count(*)::int AS all FROM outbox_messages',
    );
    expect(relayed.again).toBe(relayed.all);
    const relay = c.ctx.apps[0].get(OutboxRelay);
    await eventually(
      async () => {
        const [row] = await sql<{ open: number }>(
          c.ctx.databaseUrl,
          'SELECT count(*)::int AS open FROM outbox_messages WHERE completed_at IS NULL',
        );
        // A job id still held by a failed job of the earlier tests is freed and run again by the reconciliation.
        if (row.open > 0) await relay.reconcile(0);
        return row.open === 0;
      },
      60_000,
      'the re-run jobs to finish',
    );
    const after = await sim.bookings();
    expect(after.bookings.length).toBe(before.bookings.length);
    expect(Object.values(after.createCalls).reduce((sum, n) => sum + n, 0)).toBe(callsBefore);
  }, 90_000);
});
