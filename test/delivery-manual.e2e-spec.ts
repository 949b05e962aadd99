import { createStaff } from './desk-fixtures';
import { pay, placeOrder } from './desk-fixtures';
import { bearer, DeliveryCase, deliveryCase, orderStatus, paidDeliveryOrder, receiveGoods, sql, tripsOf } from './delivery-support';

/**
 * COURIER_DRIVER=manual (a programme without a courier contract): trips wait on the officer's
 * dispatch board, the officer books them in the courier's app and records booking id, fee and
 * tracking link, then the progress. Also: the dispatch route's rules and the queue dashboard's lock.
 */
describe('Manual courier, dispatch rules and the queue dashboard', () => {
  let c: DeliveryCase;
  const point = () => c.ref.points[0].id;
  const boardOf = (token: string, query = '') =>
    c.ctx.http.get(`/dropping-points/${point()}/deliveries?waveId=${c.wave.id}${query}`).set(bearer(token));

  beforeAll(async () => {
    c = await deliveryCase({ COURIER_DRIVER: 'manual' }, 8);
  });

  afterAll(() => c?.ctx.close());

  it('puts the trips on the dispatch board at the goods receipt, with no job for a worker', async () => {
    const first = await paidDeliveryOrder(c, c.buyers[0], { 10: 1 });
    const heavy = await paidDeliveryOrder(c, c.buyers[1], { 20: 1, 10: 1 });
    await receiveGoods(c, c.officer.token);
    const board = await boardOf(c.officer.token).expect(200);
    expect(board.body.counts).toMatchObject({ queued: 3, booked: 0, in_transit: 0, delivered: 0, failed: 0 });
    expect(board.body.trips.map((t: any) => [t.pickupCode, t.part, t.parts, t.kg, t.status, t.courier]).sort()).toEqual(
      [
        [first.pickupCode, 1, 1, 10, 'queued', 'manual'],
        [heavy.pickupCode, 1, 2, 20, 'queued', 'manual'],
        [heavy.pickupCode, 2, 2, 10, 'queued', 'manual'],
      ].sort(),
    );
    expect(board.body.trips[0]).toMatchObject({ buyerName: expect.any(String), deliveryAddress: expect.any(String), bookingId: null });
    expect(board.body.awaitingDispatch).toEqual([]);
    expect(await sql(c.ctx.databaseUrl, 'SELECT * FROM outbox_messages')).toEqual([]);
    await boardOf(c.otherOfficer.token).expect(403);
    await boardOf(c.buyers[0].token).expect(403);
    await c.ctx.http.get(`/dropping-points/${point()}/deliveries`).set(bearer(c.officer.token)).expect(400);
  });

  it('records the booking made in the courier app: one booking per trip, a booking id for one trip only', async () => {
    const [order] = await sql<{ id: string }>(c.ctx.databaseUrl, 'SELECT order_id AS id FROM delivery_trips WHERE parts = 1');
    const [trip] = await tripsOf(c.ctx, order.id);
    const booking = { bookingId: 'GS-20200410-0001', feeRp: 18_000, trackingUrl: 'https://courier.example/track/GS-20200410-0001' };
    await c.ctx.http.post(`/deliveries/${trip.id}/booking`).set(bearer(c.otherOfficer.token)).send(booking).expect(404);
    const invalid = await c.ctx.http
      .post(`/deliveries/${trip.id}/booking`)
      .set(bearer(c.officer.token))
      .send({ ...booking, feeRp: -1 })
      .expect(400);
    expect(invalid.body.details.map((d: any) => d.field)).toEqual(['feeRp']);
    const recorded = await c.ctx.http.post(`/deliveries/${trip.id}/booking`).set(bearer(c.officer.token)).send(booking).expect(201);
    expect(recorded.body).toEqual({ tripId: trip.id, status: 'booked' });
    expect(await orderStatus(c.ctx, order.id)).toBe('out_for_delivery');

    const twice = await c.ctx.http
      .post(`/deliveries/${trip.id}/booking`)
      .set(bearer(c.officer.token))
      .send({ ...booking, bookingId: 'GS-OTHER' })
      .expect(409);
    expect(twice.body.code).toBe('ALREADY_BOOKED');
    const [other] = await sql<{ id: string }>(c.ctx.databaseUrl, 'SELECT id FROM delivery_trips WHERE parts = 2 AND part = 1');
    const reused = await c.ctx.http.post(`/deliveries/${other.id}/booking`).set(bearer(c.officer.token)).send(booking).expect(409);
    expect(reused.body.code).toBe('CONFLICT');

    const buyerId = (await sql<{ buyer_id: string }>(c.ctx.databaseUrl, 'SELECT buyer_id FROM orders WHERE id = $1', [order.id]))[0]
      .buyer_id;
    const buyer = c.buyers.find((b) => b.id === buyerId)!;
    const view = await c.ctx.http.get(`/orders/${order.id}/delivery`).set(bearer(buyer.token)).expect(200);
    expect(view.body).toMatchObject({ orderStatus: 'out_for_delivery', trackingUrls: [booking.trackingUrl] });
    expect(view.body.trips[0]).toMatchObject({ status: 'booked', bookingId: booking.bookingId, feeRp: 18_000, courier: 'manual' });
  });

  it('records the progress the driver reports; the order is delivered with its last trip', async () => {
    const [order] = await sql<{ id: string }>(c.ctx.databaseUrl, 'SELECT order_id AS id FROM delivery_trips WHERE parts = 1');
    const [trip] = await tripsOf(c.ctx, order.id);
    const progress = (event: object) => c.ctx.http.post(`/deliveries/${trip.id}/progress`).set(bearer(c.officer.token)).send(event);
    expect((await progress({ event: 'picked_up' }).expect(200)).body.status).toBe('in_transit');
    expect((await progress({ event: 'failed' }).expect(400)).body.details[0].field).toBe('reason');
    expect((await progress({ event: 'delivered' }).expect(200)).body.status).toBe('delivered');
    expect(await orderStatus(c.ctx, order.id)).toBe('delivered');
    expect((await progress({ event: 'delivered' }).expect(409)).body.code).toBe('INVALID_TRANSITION');
  });

  it('sends a failed trip back to the desk with its reason; a re-dispatch makes a new trip for that part only', async () => {
    const [order] = await sql<{ id: string }>(c.ctx.databaseUrl, 'SELECT DISTINCT order_id AS id FROM delivery_trips WHERE parts = 2');
    const trips = await tripsOf(c.ctx, order.id);
    for (const [i, trip] of trips.entries()) {
      await c.ctx.http
        .post(`/deliveries/${trip.id}/booking`)
        .set(bearer(c.officer.token))
        .send({ bookingId: `GS-P${i}`, feeRp: 20_000 })
        .expect(201);
    }
    await c.ctx.http.post(`/deliveries/${trips[0].id}/progress`).set(bearer(c.officer.token)).send({ event: 'delivered' }).expect(200);
    await c.ctx.http
      .post(`/deliveries/${trips[1].id}/progress`)
      .set(bearer(c.officer.token))
      .send({ event: 'failed', reason: 'Motor mogok' })
      .expect(200);
    expect(await orderStatus(c.ctx, order.id)).toBe('ready');
    const failedBoard = await boardOf(c.officer.token, '&status=failed').expect(200);
    expect(failedBoard.body.trips.map((t: any) => [t.id, t.failureStage, t.failureReason])).toEqual([
      [trips[1].id, 'delivery', 'Motor mogok'],
    ]);

    const again = await c.ctx.http
      .post(`/dropping-points/${point()}/dispatch`)
      .set(bearer(c.officer.token))
      .send({ waveId: c.wave.id })
      .expect(202);
    expect(again.body.trips.map((t: any) => [t.orderId, t.part, t.kg])).toEqual([[order.id, 2, 10]]);
    const newTrip = again.body.trips[0].id;
    await c.ctx.http
      .post(`/deliveries/${newTrip}/booking`)
      .set(bearer(c.officer.token))
      .send({ bookingId: 'GS-P1-again', feeRp: 20_000 })
      .expect(201);
    await c.ctx.http.post(`/deliveries/${newTrip}/progress`).set(bearer(c.officer.token)).send({ event: 'delivered' }).expect(200);
    expect(await orderStatus(c.ctx, order.id)).toBe('delivered');
  });

  it('cancels a waiting trip when the buyer collects the packs at the desk instead', async () => {
    const order = await paidDeliveryOrder(c, c.buyers[2], { 5: 1 });
    const dispatched = await c.ctx.http
      .post(`/dropping-points/${point()}/dispatch`)
      .set(bearer(c.officer.token))
      .send({ waveId: c.wave.id, orderIds: [order.id] })
      .expect(202);
    await c.ctx.http.post(`/orders/${order.id}/handover`).set(bearer(c.officer.token)).send({ pickupCode: order.pickupCode }).expect(200);
    expect((await tripsOf(c.ctx, order.id)).map((t) => t.status)).toEqual(['cancelled']);
    const late = await c.ctx.http
      .post(`/deliveries/${dispatched.body.trips[0].id}/booking`)
      .set(bearer(c.officer.token))
      .send({ bookingId: 'GS-LATE', feeRp: 1 })
      .expect(409);
    expect(late.body.code).toBe('INVALID_TRANSITION');
  });

  it("dispatches only ready home-delivery orders of the officer's own point", async () => {
    const dispatch = (token: string, body: object, pointId = point()) =>
      c.ctx.http.post(`/dropping-points/${pointId}/dispatch`).set(bearer(token)).send(body);
    const pickup = await placeOrder(c.ctx, c.wave, c.buyers[3], point(), { 5: 1 });
    await pay(c.ctx, c.officer.token, pickup);
    const unpaid = await placeOrder(c.ctx, c.wave, c.buyers[4], point(), { 5: 1 }, 'Jl. Warung Buncit Raya No. 2');
    const elsewhere = await paidDeliveryOrder(c, c.buyers[5], { 5: 1 }, 1);

    expect((await dispatch(c.officer.token, { waveId: c.wave.id, orderIds: [pickup.id] }).expect(409)).body.code).toBe(
      'INVALID_TRANSITION',
    );
    const notPaid = await dispatch(c.officer.token, { waveId: c.wave.id, orderIds: [unpaid.id] }).expect(409);
    expect(notPaid.body.message).toContain('placed');
    expect((await dispatch(c.officer.token, { waveId: c.wave.id, orderIds: [elsewhere.id] }).expect(404)).body.code).toBe('NOT_FOUND');
    await dispatch(c.officer.token, { waveId: c.wave.id }, c.ref.points[1].id).expect(403);
    await dispatch(c.buyers[0].token, { waveId: c.wave.id }).expect(403);
    await c.ctx.http.post(`/dropping-points/${point()}/dispatch`).send({ waveId: c.wave.id }).expect(401);
    const bad = await dispatch(c.officer.token, { waveId: c.wave.id, orderIds: ['nope'], extra: true }).expect(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['extra', 'orderIds']);
    await dispatch(c.officer.token, { waveId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    await dispatch(c.officer.token, { waveId: c.wave.id }, '00000000-0000-4000-8000-000000000000').expect(404);
    // Nothing was written by the refused calls; dispatching the point again queues nothing new.
    const idle = await dispatch(c.officer.token, { waveId: c.wave.id }).expect(202);
    expect(idle.body.queuedTrips).toBe(0);
  });

  it('keeps the queue dashboard for administrators', async () => {
    const anonymous = await c.ctx.http.get('/admin/queues').expect(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
    await c.ctx.http.get('/admin/queues').set(bearer(c.officer.token)).expect(403);
    await c.ctx.http.get('/admin/queues/api/queues').set(bearer(c.officer.token)).expect(403);
    const page = await c.ctx.http.get('/admin/queues').set(bearer(c.ref.adminToken)).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    const api = await c.ctx.http.get('/admin/queues/api/queues').set(bearer(c.ref.adminToken)).expect(200);
    expect(api.body.queues.map((q: any) => q.name)).toEqual(['delivery', 'notifications']);
    await c.ctx.http.get('/admin/queues').auth('admin', 'admin-password-for-tests').expect(200);
    await c.ctx.http.get('/admin/queues').auth('admin', 'wrong-password').expect(401);
    const manager = await createStaff(c.ctx, c.ref, 'manajer-koperasi', 'COOP_MANAGER', { cooperativeId: c.ref.cooperativeId });
    await c.ctx.http.get('/admin/queues').auth(manager.username, `${manager.username}-password`).expect(403);
  });
});
