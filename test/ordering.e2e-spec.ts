import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyer, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

describe('Ordering in a wave (reference case: premium rice, April 2020)', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let wave: any;
  let buyer: TestBuyer;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    wave = await createWave(ctx, ref, { capacityKg: 2_900, perBuyerLimitKg: 40 });
    buyer = await registerBuyer(ctx, 1);
  });

  afterAll(() => ctx.close());

  it('shows the published wave as open, with packs priced from Rp 11,000/kg', async () => {
    const list = await ctx.http.get('/waves?status=open').set(bearer(buyer.token)).expect(200);
    expect(list.body.map((w: any) => w.id)).toEqual([wave.id]);
    expect(list.body[0].status).toBe('open');
    expect(list.body[0].products[0].packs.map((p: any) => [p.sizeKg, p.priceRp])).toEqual([
      [5, 55_000],
      [10, 110_000],
      [20, 220_000],
    ]);
    expect(list.body[0].opensAt).toMatch(/\+07:00$/);
  });

  it('places an order with a pickup code and shows it to its buyer only', async () => {
    const placed = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .set('Idempotency-Key', 'order-1')
      .send({
        droppingPointId: ref.points[1].id,
        fulfilment: 'pickup',
        items: [
          { packId: packOf(wave, 10), quantity: 1 },
          { packId: packOf(wave, 5), quantity: 2 },
        ],
      })
      .expect(201);
    expect(placed.body).toMatchObject({ status: 'placed', totalKg: 20, totalRp: 220_000, droppingPointId: ref.points[1].id });
    expect(placed.body.pickupCode).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/);
    expect(placed.body.items.map((i: any) => [i.sizeKg, i.quantity, i.amountRp])).toEqual([
      [5, 2, 110_000],
      [10, 1, 110_000],
    ]);

    const mine = await ctx.http.get('/me/orders').set(bearer(buyer.token)).expect(200);
    expect(mine.body.map((o: any) => o.id)).toEqual([placed.body.id]);
    await ctx.http.get(`/orders/${placed.body.id}`).set(bearer(buyer.token)).expect(200);

    const other = await registerBuyer(ctx, 2);
    const hidden = await ctx.http.get(`/orders/${placed.body.id}`).set(bearer(other.token)).expect(404);
    expect(hidden.body.code).toBe('NOT_FOUND');
  });

  it('replays a retried order with the same Idempotency-Key and refuses the key with another body', async () => {
    const body = { droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 1 }] };
    const first = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .set('Idempotency-Key', 'retry-me')
      .send(body)
      .expect(201);
    const again = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .set('Idempotency-Key', 'retry-me')
      .send(body)
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.pickupCode).toBe(first.body.pickupCode);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const changed = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .set('Idempotency-Key', 'retry-me')
      .send({ ...body, items: [{ packId: packOf(wave, 5), quantity: 2 }] })
      .expect(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const rows = await sql(ctx.databaseUrl, `SELECT count(*)::int AS n FROM orders WHERE idempotency_key = 'retry-me'`);
    expect(rows[0].n).toBe(1);
  });

  it('cancels an order while the wave is open and gives its kg back', async () => {
    const placed = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .send({
        droppingPointId: ref.points[0].id,
        fulfilment: 'delivery',
        deliveryAddress: 'Jl. Kebagusan Raya No. 7, Pasar Minggu',
        items: [{ packId: packOf(wave, 10), quantity: 1 }],
      })
      .expect(201);
    const before = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
    const cancelled = await ctx.http.post(`/orders/${placed.body.id}/cancel`).set(bearer(buyer.token)).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'buyer' });
    const after = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
    expect(after.body.products[0].remainingKg).toBe(before.body.products[0].remainingKg + 10);
    expect(after.body.totals.orders).toBe(before.body.totals.orders - 1);
    await ctx.http.post(`/orders/${placed.body.id}/cancel`).set(bearer(buyer.token)).expect(409);
  });

  it('summarises kg, packs and value per dropping point and in total', async () => {
    const summary = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
    // Standing orders: 20 kg at Lenteng Agung (1x10 + 2x5), 5 kg at the ministry (1x5).
    expect(summary.body.totals).toEqual({
      orders: 2,
      kg: 25,
      valueRp: 275_000,
      packs: [
        { waveProductId: wave.products[0].id, productName: 'Beras premium Indramayu', sizeKg: 5, packs: 3, kg: 15 },
        { waveProductId: wave.products[0].id, productName: 'Beras premium Indramayu', sizeKg: 10, packs: 1, kg: 10 },
      ],
    });
    expect(summary.body.products[0]).toMatchObject({ capacityKg: 2_900, orderedKg: 25, remainingKg: 2_875 });
    const lenteng = summary.body.droppingPoints.find((p: any) => p.droppingPointId === ref.points[1].id);
    expect(lenteng).toMatchObject({ orders: 1, kg: 20, valueRp: 220_000 });
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const countBefore = await sql(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM orders');
    const cases: [object, string][] = [
      [{ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 0 }] }, 'items.0.quantity'],
      [{ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: -3 }] }, 'items.0.quantity'],
      [
        { droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: '2' }] },
        'items.0.quantity',
      ],
      [{ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: ref.productId, quantity: 1 }] }, 'items.0.packId'],
      [{ droppingPointId: ref.points[0].id, fulfilment: 'delivery', items: [{ packId: packOf(wave, 5), quantity: 1 }] }, 'deliveryAddress'],
      [{ droppingPointId: 'nope', fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 1 }] }, 'droppingPointId'],
      [{ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const response = await ctx.http.post(`/waves/${wave.id}/orders`).set(bearer(buyer.token)).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.map((d: any) => d.field)).toContain(field);
      expect(response.body.requestId).toEqual(expect.any(String));
    }
    const malformed = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .set('Content-Type', 'application/json')
      .send('{"droppingPointId":')
      .expect(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    const countAfter = await sql(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM orders');
    expect(countAfter[0].n).toBe(countBefore[0].n);
  });

  it('refuses orders before opening and after closing', async () => {
    const later = await createWave(ctx, ref, { opensInMs: 3_600_000, closesInMs: 7_200_000 });
    const early = await ctx.http
      .post(`/waves/${later.id}/orders`)
      .set(bearer(buyer.token))
      .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(later, 5), quantity: 1 }] })
      .expect(409);
    expect(early.body.code).toBe('WAVE_NOT_OPEN');
  });

  it('needs a token and the right role', async () => {
    const anonymous = await ctx.http.get('/waves').expect(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    const forbidden = await ctx.http.post('/waves').set(bearer(buyer.token)).send({}).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(buyer.token)).expect(403);
  });
});
