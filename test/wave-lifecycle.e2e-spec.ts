import request from 'supertest';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

describe('Wave lifecycle', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    ctx = await startTestContext();
    await ctx.startInstance();
    await ctx.startInstance();
    ref = await referenceCase(ctx);
  });

  afterAll(() => ctx.close());

  it('opens and closes on the second, once, with three instances running', async () => {
    const opensAt = Date.now() + 1_500;
    const closesAt = opensAt + 1_500;
    const wave = await createWave(ctx, ref, { opensInMs: opensAt - Date.now(), closesInMs: closesAt - Date.now() });
    expect(wave.status).toBe('scheduled');
    const [buyer] = await registerBuyers(ctx, 1, 5_000);
    const body = { droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 1 }] };

    const early = await ctx.http.post(`/waves/${wave.id}/orders`).set(bearer(buyer.token)).send(body);
    expect(early.body.code).toBe('WAVE_NOT_OPEN');

    await sleepUntil(opensAt + 20);
    // Every instance shows it open and takes orders from that moment, timer or no timer.
    for (const app of ctx.apps) {
      const seen = await request(app.getHttpServer()).get(`/waves/${wave.id}`).set(bearer(buyer.token)).expect(200);
      expect(seen.body.status).toBe('open');
    }
    await ctx.http.post(`/waves/${wave.id}/orders`).set(bearer(buyer.token)).send(body).expect(201);

    await sleepUntil(closesAt + 20);
    const late = await request(ctx.apps[2].getHttpServer()).post(`/waves/${wave.id}/orders`).set(bearer(buyer.token)).send(body);
    expect(late.body.code).toBe('WAVE_NOT_OPEN');
    // Closed on the second; the closing transition then issues the purchase orders (ordered).
    const closed = await ctx.http.get(`/waves/${wave.id}`).set(bearer(buyer.token)).expect(200);
    expect(['closed', 'ordered']).toContain(closed.body.status);

    // Let every instance's timers and sweeps fire, then count the transitions.
    await Promise.all(ctx.apps.map((app) => app.get(WaveLifecycleService).sweep()));
    await sleepUntil(Date.now() + 1_200);
    const events = await sql<{ type: string; n: number }>(
      ctx.databaseUrl,
      `SELECT type, count(*)::int AS n FROM wave_events WHERE wave_id = $1 AND type IN ('opened', 'closed') GROUP BY type ORDER BY type`,
      [wave.id],
    );
    expect(events).toEqual([
      { type: 'closed', n: 1 },
      { type: 'opened', n: 1 },
    ]);
    const [stored] = await sql<{ status: string; closed_reason: string }>(
      ctx.databaseUrl,
      'SELECT status, closed_reason FROM waves WHERE id = $1',
      [wave.id],
    );
    expect(stored).toEqual({ status: 'ordered', closed_reason: 'schedule' });
  });

  it('closes early by itself when sold out, and later orders hear CAPACITY_EXCEEDED', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 50, perBuyerLimitKg: 20 });
    const buyers = await registerBuyers(ctx, 6, 6_000);
    const body = { droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 10), quantity: 1 }] };
    for (const buyer of buyers.slice(0, 5)) await ctx.http.post(`/waves/${wave.id}/orders`).set(bearer(buyer.token)).send(body).expect(201);
    const refused = await ctx.http.post(`/waves/${wave.id}/orders`).set(bearer(buyers[5].token)).send(body).expect(409);
    expect(refused.body.code).toBe('CAPACITY_EXCEEDED');
    // The refusal sets off the sold-out check in the background: no sweep, no call from the test.
    let shown = await ctx.http.get(`/waves/${wave.id}`).set(bearer(ref.adminToken)).expect(200);
    for (let i = 0; i < 50 && shown.body.status === 'open'; i++) {
      await sleepUntil(Date.now() + 50);
      shown = await ctx.http.get(`/waves/${wave.id}`).set(bearer(ref.adminToken)).expect(200);
    }
    expect(shown.body).toMatchObject({ status: 'ordered', closedReason: 'sold_out' });
    const after = await ctx.http.post(`/waves/${wave.id}/orders`).set(bearer(buyers[5].token)).send(body).expect(409);
    expect(after.body.code).toBe('CAPACITY_EXCEEDED');
  });

  it('copies a wave into the next one with the same offers and new dates', async () => {
    const source = await createWave(ctx, ref, {
      capacityKg: 2_900,
      perBuyerLimitKg: 40,
      agencies: ['Kementerian Koperasi dan UKM', 'Bappenas'],
    });
    const copy = await ctx.http
      .post(`/waves/${source.id}/copy`)
      .set(bearer(ref.adminToken))
      .send({
        name: 'Gelombang II',
        opensAt: '2030-04-14T08:00:00',
        closesAt: '2030-04-15T17:00:00',
        handOutDate: '2030-04-17',
        paymentDeadline: '2030-04-16T17:00:00+07:00',
      })
      .expect(201);
    expect(copy.body).toMatchObject({
      name: 'Gelombang II',
      status: 'draft',
      copiedFromId: source.id,
      opensAt: '2030-04-14T08:00:00+07:00',
      closesAt: '2030-04-15T17:00:00+07:00',
      agencies: ['Kementerian Koperasi dan UKM', 'Bappenas'],
    });
    expect(copy.body.products.map((p: any) => [p.productId, p.capacityKg, p.perBuyerLimitKg, p.packs.map((k: any) => k.sizeKg)])).toEqual([
      [ref.productId, 2_900, 40, [5, 10, 20]],
    ]);
    expect(copy.body.droppingPoints.map((p: any) => p.id).sort()).toEqual(ref.points.map((p) => p.id).sort());
  });

  it('cancels a wave and every standing order in it', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 500 });
    const [buyer] = await registerBuyers(ctx, 1, 7_000);
    const placed = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 1 }] })
      .expect(201);
    const cancelled = await ctx.http
      .post(`/waves/${wave.id}/cancel`)
      .set(bearer(ref.adminToken))
      .send({ reason: 'Banjir di gudang koperasi' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', closedReason: 'Banjir di gudang koperasi' });
    const order = await ctx.http.get(`/orders/${placed.body.id}`).set(bearer(buyer.token)).expect(200);
    expect(order.body).toMatchObject({ status: 'cancelled', cancelReason: 'wave_cancelled' });
    await ctx.http.post(`/waves/${wave.id}/cancel`).set(bearer(ref.adminToken)).expect(409);
  });

  it('refuses a wave whose dates are out of order, naming the field', async () => {
    const response = await ctx.http
      .post('/waves')
      .set(bearer(ref.adminToken))
      .send({
        name: 'Salah',
        opensAt: '2030-04-08T08:00:00+07:00',
        closesAt: '2030-04-07T08:00:00+07:00',
        handOutDate: '2030-04-10',
        paymentDeadline: '2030-04-09T08:00:00+07:00',
        droppingPointIds: [ref.points[0].id],
        products: [{ productId: ref.productId, capacityKg: 100, perBuyerLimitKg: 10 }],
      })
      .expect(400);
    expect(response.body.details).toEqual([{ field: 'closesAt', messages: ['closesAt must be after opensAt'] }]);
  });
});
