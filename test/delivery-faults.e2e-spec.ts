import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QUEUES } from '../src/queues/queue-names';
import { QueueRegistry } from '../src/queues/queue-registry';
import {
  bearer,
  DeliveryCase,
  deliveryCase,
  eventually,
  exposeApi,
  FAST_DELIVERY_ENV,
  orderStatus,
  paidDeliveryOrder,
  receiveGoods,
  Simulator,
  sql,
  startInProcessWorker,
  startSimulator,
  tripsOf,
} from './delivery-support';

/**
 * The courier misbehaves: rate limits, outages, timeouts, refusals. Retries back off (with jitter)
 * for what may pass, stop at once for what will not, and a trip never gets a second booking.
 * Attempts: 4, first backoff 100 ms (FAST_DELIVERY_ENV).
 */
describe('Courier faults', () => {
  let sim: Simulator;
  let c: DeliveryCase;
  let worker: INestApplicationContext;
  let buyer = 0;

  beforeAll(async () => {
    sim = await startSimulator();
    c = await deliveryCase({ ...FAST_DELIVERY_ENV, COURIER_DRIVER: 'http', COURIER_BASE_URL: sim.url }, 12);
    await exposeApi(c.ctx.apps[0], sim);
    // The goods are at the point first: every order paid afterwards is ready at once.
    await receiveGoods(c, c.officer.token);
    worker = await startInProcessWorker(c.ctx);
  });

  afterAll(async () => {
    await worker?.close();
    await c?.ctx.close();
    await sim?.stop();
  });

  beforeEach(() => sim.control('DELETE', '/_sim/faults'));

  /** A ready 10 kg delivery order, dispatched by the officer. */
  async function dispatchOne() {
    const order = await paidDeliveryOrder(c, c.buyers[buyer++], { 10: 1 });
    expect(await orderStatus(c.ctx, order.id)).toBe('ready');
    const dispatched = await c.ctx.http
      .post(`/dropping-points/${c.ref.points[0].id}/dispatch`)
      .set(bearer(c.officer.token))
      .send({ waveId: c.wave.id, orderIds: [order.id] })
      .expect(202);
    expect(dispatched.body.queuedTrips).toBe(1);
    return { order, tripId: dispatched.body.trips[0].id as string };
  }

  const settled = (orderId: string) =>
    eventually(
      async () => {
        const [trip] = await tripsOf(c.ctx, orderId);
        return trip && trip.status !== 'queued' && trip;
      },
      20_000,
      'the booking to settle',
    );

  async function courierBookingsFor(tripId: string) {
    const { bookings, createCalls } = await sim.bookings();
    return { bookings: bookings.filter((b) => b.idempotencyKey === tripId), calls: createCalls[tripId] ?? 0 };
  }

  it('retries a 429 (honouring Retry-After) and a 503 with backoff, then books once', async () => {
    await sim.control('POST', '/_sim/faults', {
      faults: [
        { type: '429', retryAfterSec: 1 },
        { type: '5xx', status: 503 },
      ],
    });
    const started = Date.now();
    const { order, tripId } = await dispatchOne();
    const trip = await settled(order.id);
    expect(trip).toMatchObject({ status: 'booked', booking_attempts: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const atCourier = await courierBookingsFor(tripId);
    expect(atCourier).toMatchObject({ calls: 3 });
    expect(atCourier.bookings.map((b) => b.id)).toEqual([trip.external_id]);
    expect(await orderStatus(c.ctx, order.id)).toBe('out_for_delivery');
  });

  it('retries a timeout; when the courier had booked before timing out, the retry gets that same booking', async () => {
    await sim.control('POST', '/_sim/faults', {
      faults: [
        { type: 'timeout', createFirst: true, ms: 5000 },
        { type: 'timeout', ms: 5000 },
      ],
    });
    const { order, tripId } = await dispatchOne();
    const trip = await settled(order.id);
    expect(trip).toMatchObject({ status: 'booked', booking_attempts: 2 });
    const atCourier = await courierBookingsFor(tripId);
    expect(atCourier.calls).toBe(2);
    expect(atCourier.bookings).toHaveLength(1);
    expect(atCourier.bookings[0].id).toBe(trip.external_id);
  });

  it('does not retry a refused booking (4xx): the trip fails at once, visible on the board, and the officer re-dispatches it', async () => {
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'fail', message: 'Alamat di luar area layanan' }] });
    const { order, tripId } = await dispatchOne();
    const failed = await settled(order.id);
    expect(failed).toMatchObject({ status: 'failed', failure_stage: 'booking', booking_attempts: 1, external_id: null });
    expect(failed.failure_reason).toContain('Alamat di luar area layanan');
    expect(await orderStatus(c.ctx, order.id)).toBe('ready');

    const board = await c.ctx.http
      .get(`/dropping-points/${c.ref.points[0].id}/deliveries?waveId=${c.wave.id}&status=failed`)
      .set(bearer(c.officer.token))
      .expect(200);
    expect(board.body.trips.map((t: any) => [t.id, t.status, t.failureStage])).toEqual([[tripId, 'failed', 'booking']]);
    expect(board.body.trips[0].failureReason).toContain('Alamat di luar area layanan');
    expect(board.body.counts.failed).toBe(1);

    const again = await c.ctx.http
      .post(`/dropping-points/${c.ref.points[0].id}/dispatch`)
      .set(bearer(c.officer.token))
      .send({ waveId: c.wave.id, orderIds: [order.id] })
      .expect(202);
    expect(again.body.trips.map((t: any) => [t.id, t.dispatchRound])).toEqual([[tripId, 2]]);
    const booked = await settled(order.id);
    expect(booked).toMatchObject({ id: tripId, status: 'booked', dispatch_round: 2 });
    expect((await courierBookingsFor(tripId)).bookings).toHaveLength(1);
  });

  it('fails the job after the last attempt of a persisting outage; the officer retries it once the courier is back', async () => {
    await sim.control('POST', '/_sim/faults', { faults: [{ type: '5xx', status: 502, count: -1 }] });
    const { order, tripId } = await dispatchOne();
    const failed = await settled(order.id);
    expect(failed).toMatchObject({ status: 'failed', failure_stage: 'booking', booking_attempts: 4 });
    expect(failed.failure_reason).toContain('502');
    const queue: Queue = c.ctx.apps[0].get(QueueRegistry).queue(QUEUES.delivery);
    expect(await queue.getJobState(`book-trip_${tripId}_1`)).toBe('failed');

    await sim.control('DELETE', '/_sim/faults');
    await c.ctx.http
      .post(`/dropping-points/${c.ref.points[0].id}/dispatch`)
      .set(bearer(c.officer.token))
      .send({ waveId: c.wave.id, orderIds: [order.id] })
      .expect(202);
    expect(await settled(order.id)).toMatchObject({ status: 'booked', dispatch_round: 2, booking_attempts: 5 });
    expect((await courierBookingsFor(tripId)).bookings).toHaveLength(1);
  });

  it('takes a failed delivery back to the desk, with the reason, and books a new trip on re-dispatch; the board then forgets the failure', async () => {
    const { order, tripId } = await dispatchOne();
    const booked = await settled(order.id);
    await sim.control('POST', `/_sim/bookings/${booked.external_id}/events`, { type: 'picked_up' });
    await sim.control('POST', `/_sim/bookings/${booked.external_id}/events`, { type: 'failed', reason: 'Penerima tidak di rumah' });
    expect(await orderStatus(c.ctx, order.id)).toBe('ready');
    const [failed] = await tripsOf(c.ctx, order.id);
    expect(failed).toMatchObject({ id: tripId, status: 'failed', failure_stage: 'delivery', failure_reason: 'Penerima tidak di rumah' });
    const board = () =>
      c.ctx.http.get(`/dropping-points/${c.ref.points[0].id}/deliveries?waveId=${c.wave.id}`).set(bearer(c.officer.token)).expect(200);
    const before = (await board()).body;
    const [stored] = await sql<{ delivery_address: string }>(c.ctx.databaseUrl, 'SELECT delivery_address FROM orders WHERE id = $1', [
      order.id,
    ]);
    expect(before.awaitingDispatch.find((row: any) => row.orderId === order.id)).toEqual({
      orderId: order.id,
      pickupCode: order.pickupCode,
      orderStatus: 'ready',
      buyerName: expect.any(String),
      deliveryAddress: stored.delivery_address,
      totalKg: 10,
    });

    const again = await c.ctx.http
      .post(`/dropping-points/${c.ref.points[0].id}/dispatch`)
      .set(bearer(c.officer.token))
      .send({ waveId: c.wave.id, orderIds: [order.id] })
      .expect(202);
    expect(again.body.trips[0].id).not.toBe(tripId);
    await eventually(async () => (await orderStatus(c.ctx, order.id)) === 'out_for_delivery');
    const trips = await tripsOf(c.ctx, order.id);
    expect(trips.map((t) => t.status)).toEqual(['failed', 'booked']);
    expect(trips[1].external_id).not.toBe(trips[0].external_id);
    const after = (await board()).body;
    expect(before.counts.failed - after.counts.failed).toBe(1);
    expect(after.awaitingDispatch.some((row: any) => row.orderId === order.id)).toBe(false);
    expect(after.trips.find((t: any) => t.id === tripId).status).toBe('failed');
  });
});
