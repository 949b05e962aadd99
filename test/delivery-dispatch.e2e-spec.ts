import type { INestApplicationContext } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import {
  bearer,
  COURIER_WEBHOOK_SECRET,
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
import { pay, placeOrder } from './desk-fixtures';

/**
 * Home delivery end to end: the goods receipt queues the point's paid delivery orders, a worker
 * books each motorbike trip with the courier (the simulator, a real process over a real socket),
 * the courier's signed webhooks move the trips and orders on.
 */
describe('Home delivery by ojek online', () => {
  let sim: Simulator;
  let c: DeliveryCase;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sim = await startSimulator();
    c = await deliveryCase({ ...FAST_DELIVERY_ENV, COURIER_DRIVER: 'http', COURIER_BASE_URL: sim.url }, 6);
    await exposeApi(c.ctx.apps[0], sim);
    worker = await startInProcessWorker(c.ctx);
  });

  afterAll(async () => {
    await worker?.close();
    await c?.ctx.close();
    await sim?.stop();
  });

  const signedPost = (body: string, timestamp = Math.floor(Date.now() / 1000), secret = COURIER_WEBHOOK_SECRET) =>
    c.ctx.http
      .post('/courier/webhook')
      .set('Content-Type', 'application/json')
      .set('x-courier-signature', `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`)
      .send(body);

  it('queues every paid delivery order of the point at the goods receipt, splits heavy ones into 20 kg trips, and books each trip once', async () => {
    const light = await paidDeliveryOrder(c, c.buyers[0], { 10: 1, 5: 1 }); // 15 kg: one trip
    const heavy = await paidDeliveryOrder(c, c.buyers[1], { 20: 2, 5: 1 }); // 45 kg: 20 + 20 + 5
    const pickup = await placeOrder(c.ctx, c.wave, c.buyers[2], c.ref.points[0].id, { 5: 1 });
    await pay(c.ctx, c.officer.token, pickup);
    const unpaid = await placeOrder(c.ctx, c.wave, c.buyers[3], c.ref.points[0].id, { 5: 1 }, 'Jl. Mampang Prapatan No. 1');

    await receiveGoods(c, c.officer.token);

    const trips = await sql<{ order_id: string; part: number; parts: number; kg: number }>(
      c.ctx.databaseUrl,
      'SELECT order_id, part, parts, kg FROM delivery_trips ORDER BY order_id, part',
    );
    expect(trips.filter((t) => t.order_id === light.id).map((t) => [t.part, t.parts, t.kg])).toEqual([[1, 1, 15]]);
    expect(trips.filter((t) => t.order_id === heavy.id).map((t) => [t.part, t.parts, t.kg])).toEqual([
      [1, 3, 20],
      [2, 3, 20],
      [3, 3, 5],
    ]);
    expect(trips.some((t) => t.order_id === pickup.id || t.order_id === unpaid.id)).toBe(false);

    await eventually(
      async () =>
        (await orderStatus(c.ctx, heavy.id)) === 'out_for_delivery' && (await orderStatus(c.ctx, light.id)) === 'out_for_delivery',
      15_000,
      'bookings',
    );
    const booked = await eventually(async () => {
      const rows = [...(await tripsOf(c.ctx, light.id)), ...(await tripsOf(c.ctx, heavy.id))];
      return rows.every((row) => row.status === 'booked') && rows;
    });
    const atCourier = await sim.bookings();
    expect(atCourier.bookings.map((b) => b.idempotencyKey).sort()).toEqual(booked.map((t) => t.id).sort());
    expect(atCourier.bookings.map((b) => b.id).sort()).toEqual(booked.map((t) => t.external_id).sort());
    expect(atCourier.bookings.every((b) => b.weightKg <= 20)).toBe(true);
    const intents = await sql<{ n: number; done: number }>(
      c.ctx.databaseUrl,
      'SELECT count(*)::int AS n, count(completed_at)::int AS done FROM outbox_messages',
    );
    expect(intents[0]).toEqual({ n: 4, done: 4 });
  });

  it('shows the buyer the tracking links on their order', async () => {
    const [order] = await sql<{ id: string }>(
      c.ctx.databaseUrl,
      `SELECT o.id FROM orders o JOIN delivery_trips t ON t.order_id = o.id WHERE t.parts = 3 LIMIT 1`,
    );
    const mine = await c.ctx.http.get(`/orders/${order.id}/delivery`).set(bearer(c.buyers[1].token)).expect(200);
    expect(mine.body.orderStatus).toBe('out_for_delivery');
    expect(mine.body.trips.map((t: any) => [t.part, t.kg, t.status])).toEqual([
      [1, 20, 'booked'],
      [2, 20, 'booked'],
      [3, 5, 'booked'],
    ]);
    expect(mine.body.trackingUrls).toHaveLength(3);
    expect(mine.body.trips[0].trackingUrl).toMatch(new RegExp(`^${sim.url}/track/BK-`));
    expect(mine.body.trips[0].feeRp).toBeGreaterThan(0);
    await c.ctx.http.get(`/orders/${order.id}/delivery`).set(bearer(c.buyers[0].token)).expect(404);
    await c.ctx.http.get(`/orders/${order.id}/delivery`).set(bearer(c.otherOfficer.token)).expect(404);
    await c.ctx.http.get(`/orders/${order.id}/delivery`).set(bearer(c.officer.token)).expect(200);
  });

  it('follows the courier: picked up, then delivered; the order is delivered when every trip is', async () => {
    const [heavy] = await sql<{ id: string }>(c.ctx.databaseUrl, `SELECT DISTINCT order_id AS id FROM delivery_trips WHERE parts = 3`);
    const trips = await tripsOf(c.ctx, heavy.id);
    for (const trip of trips) {
      const pickedUp = await sim.control('POST', `/_sim/bookings/${trip.external_id}/events`, { type: 'picked_up' });
      expect(pickedUp.answers).toEqual([200]);
    }
    expect((await tripsOf(c.ctx, heavy.id)).map((t) => t.status)).toEqual(['in_transit', 'in_transit', 'in_transit']);
    for (const trip of trips.slice(0, 2)) await sim.control('POST', `/_sim/bookings/${trip.external_id}/events`, { type: 'delivered' });
    expect(await orderStatus(c.ctx, heavy.id)).toBe('out_for_delivery');
    await sim.control('POST', `/_sim/bookings/${trips[2].external_id}/events`, { type: 'delivered' });
    expect(await orderStatus(c.ctx, heavy.id)).toBe('delivered');
    const history = await c.ctx.http.get(`/orders/${heavy.id}/history`).set(bearer(c.ref.adminToken)).expect(200);
    expect(JSON.stringify(history.body)).toContain('delivered');
  });

  it('refuses unsigned, wrongly signed, stale and replayed webhooks', async () => {
    const [trip] = await sql<{ external_id: string }>(
      c.ctx.databaseUrl,
      `SELECT b.external_id FROM courier_bookings b JOIN delivery_trips t ON t.id = b.trip_id WHERE t.parts = 1`,
    );
    const body = JSON.stringify({ id: 'evt_forged_1', type: 'booking.delivered', data: { bookingId: trip.external_id } });
    const unsigned = await c.ctx.http.post('/courier/webhook').set('Content-Type', 'application/json').send(body).expect(401);
    expect(unsigned.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    await signedPost(body, undefined, 'not-the-shared-secret-at-all').expect(401);
    await signedPost(body, Math.floor(Date.now() / 1000) - 600).expect(401);
    const tampered = await signedPost(body);
    expect(tampered.status).toBe(200); // the genuine one is taken once...
    expect(tampered.body).toMatchObject({ applied: true, tripStatus: 'delivered' });
    const replay = await signedPost(body).expect(409); // ...and refused when it comes again
    expect(replay.body.code).toBe('WEBHOOK_REPLAYED');

    // A webhook the simulator sent, replayed byte for byte with its original signature.
    const { webhooks } = await sim.control('GET', '/_sim/webhooks');
    const replayed = await sim.control('POST', `/_sim/webhooks/${webhooks[0].eventId}/replay`);
    expect(replayed.status).toBe(409);
    const unknown = await signedPost(
      JSON.stringify({ id: 'evt_unknown', type: 'booking.delivered', data: { bookingId: 'BK-NOPE' } }),
    ).expect(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
  });

  it('never enqueues inside a transaction: the intents are relayed after commit and each once', async () => {
    const relay = c.ctx.apps[0].get(OutboxRelay);
    expect(await relay.relayPending()).toBe(0);
    const rows = await sql<{ enqueue_count: number }>(c.ctx.databaseUrl, 'SELECT enqueue_count FROM outbox_messages');
    expect(rows.every((row) => row.enqueue_count === 1)).toBe(true);
  });
});
