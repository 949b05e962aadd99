import type { INestApplicationContext } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import {
  bearer,
  DeliveryCase,
  deliveryCase,
  eventually,
  exitOf,
  exposeApi,
  FAST_DELIVERY_ENV,
  orderStatus,
  paidDeliveryOrder,
  receiveGoods,
  Simulator,
  startInProcessWorker,
  startSimulator,
  startWorkerProcess,
  tripsOf,
} from './delivery-support';

/**
 * Worker processes die and are stopped: a job may run twice, but the courier sees the same
 * Idempotency-Key and the trip holds one booking. SIGTERM lets the job in hand finish (bounded)
 * and takes no new one. The workers here are real child processes (src/worker.ts, as
 * `npm run start:worker` runs it); a dead worker's job is handed on after WORKER_LOCK_DURATION_MS (2 s).
 */
describe('Worker processes', () => {
  let sim: Simulator;
  let c: DeliveryCase;
  const children: ChildProcess[] = [];
  let inProcess: INestApplicationContext | undefined;
  let buyer = 0;

  beforeAll(async () => {
    sim = await startSimulator();
    c = await deliveryCase({ ...FAST_DELIVERY_ENV, COURIER_DRIVER: 'http', COURIER_BASE_URL: sim.url, COURIER_TIMEOUT_MS: '10000' }, 10);
    await exposeApi(c.ctx.apps[0], sim);
    await receiveGoods(c, c.officer.token);
  });

  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exitOf(child);
    }
    await inProcess?.close();
    inProcess = undefined;
    await sim.control('DELETE', '/_sim/faults');
  });

  afterAll(async () => {
    await c?.ctx.close();
    await sim?.stop();
  });

  async function worker(env: Record<string, string> = {}) {
    const child = await startWorkerProcess(c.ctx, env);
    children.push(child);
    return child;
  }

  async function dispatchOne() {
    const order = await paidDeliveryOrder(c, c.buyers[buyer++], { 20: 1 });
    const response = await c.ctx.http
      .post(`/dropping-points/${c.ref.points[0].id}/dispatch`)
      .set(bearer(c.officer.token))
      .send({ waveId: c.wave.id, orderIds: [order.id] })
      .expect(202);
    return { order, tripId: response.body.trips[0].id as string };
  }

  const callsFor = async (tripId: string) => (await sim.bookings()).createCalls[tripId] ?? 0;
  const bookingsFor = async (tripId: string) => (await sim.bookings()).bookings.filter((b) => b.idempotencyKey === tripId);

  it('a worker killed with SIGKILL in the middle of a booking: another worker finishes it with the same booking', async () => {
    const first = await worker();
    // The courier takes 4 s to answer this booking (it exists at the courier from the start).
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'slow', ms: 4000 }] });
    const { order, tripId } = await dispatchOne();
    await eventually(async () => (await callsFor(tripId)) === 1, 10_000, 'the booking call');
    first.kill('SIGKILL');
    expect(await exitOf(first)).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await tripsOf(c.ctx, order.id))[0]).toMatchObject({ status: 'queued', external_id: null });

    await worker();
    await eventually(async () => (await tripsOf(c.ctx, order.id))[0].status === 'booked', 20_000, 'the booking to be recorded');
    const [trip] = await tripsOf(c.ctx, order.id);
    const atCourier = await bookingsFor(tripId);
    expect(atCourier.map((b) => b.id)).toEqual([trip.external_id]);
    expect(await callsFor(tripId)).toBe(2);
    expect(await orderStatus(c.ctx, order.id)).toBe('out_for_delivery');
  });

  it('SIGTERM: the job in hand finishes, no new job is taken, the process exits', async () => {
    const child = await worker({ WORKER_CONCURRENCY: '1' });
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'slow', ms: 1500 }] });
    const inHand = await dispatchOne();
    await eventually(async () => (await callsFor(inHand.tripId)) === 1, 10_000, 'the booking call');
    const waiting = await dispatchOne();
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    const exit = await exitOf(child);
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    expect((await tripsOf(c.ctx, inHand.order.id))[0].status).toBe('booked');
    expect((await tripsOf(c.ctx, waiting.order.id))[0].status).toBe('queued');
    expect(await callsFor(waiting.tripId)).toBe(0);

    inProcess = await startInProcessWorker(c.ctx);
    await eventually(async () => (await tripsOf(c.ctx, waiting.order.id))[0].status === 'booked', 15_000, 'the waiting job');
    expect(await bookingsFor(waiting.tripId)).toHaveLength(1);
    expect(await bookingsFor(inHand.tripId)).toHaveLength(1);
  });

  it('SIGTERM waits for in-flight jobs only up to WORKER_SHUTDOWN_TIMEOUT_MS; the abandoned job is booked once elsewhere', async () => {
    const child = await worker({ WORKER_CONCURRENCY: '1', WORKER_SHUTDOWN_TIMEOUT_MS: '500' });
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'slow', ms: 6000 }] });
    const { order, tripId } = await dispatchOne();
    await eventually(async () => (await callsFor(tripId)) === 1, 10_000, 'the booking call');
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    await exitOf(child);
    expect(Date.now() - stoppedAt).toBeLessThan(4000);
    expect((await tripsOf(c.ctx, order.id))[0].status).toBe('queued');

    inProcess = await startInProcessWorker(c.ctx);
    await eventually(async () => (await tripsOf(c.ctx, order.id))[0].status === 'booked', 20_000, 'the abandoned job');
    expect(await bookingsFor(tripId)).toHaveLength(1);
  });
});
