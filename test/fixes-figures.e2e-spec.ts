import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

/** Issue 17: states and rules a walked wave found wrong, each through the API. */
describe('Issue 17: wrong states and unenforced rules', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let admin: Record<string, string>;
  let buyers: TestBuyer[];

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    admin = bearer(ref.adminToken);
    buyers = await registerBuyers(ctx, 3, 800);
  });

  afterAll(() => ctx.close());

  it('never shows buyers a wave cancelled while still a draft; a cancelled published wave stays visible', async () => {
    const draft = await createWave(ctx, ref, { publish: false });
    await ctx.http.post(`/waves/${draft.id}/cancel`).set(admin).send({ reason: 'Salah tanggal' }).expect(200);
    const published = await createWave(ctx, ref, { capacityKg: 100 });
    await ctx.http.post(`/waves/${published.id}/cancel`).set(admin).send({ reason: 'Gudang kebanjiran' }).expect(200);

    const seen = await ctx.http.get('/waves').set(bearer(buyers[0].token)).expect(200);
    expect(seen.body.map((w: any) => w.id)).toEqual([published.id]);
    const filtered = await ctx.http.get('/waves?status=cancelled').set(bearer(buyers[0].token)).expect(200);
    expect(filtered.body.map((w: any) => w.id)).toEqual([published.id]);
    await ctx.http.get(`/waves/${draft.id}`).set(bearer(buyers[0].token)).expect(404);
    await ctx.http.get(`/waves/${published.id}`).set(bearer(buyers[0].token)).expect(200);
    // Staff still see both.
    const staff = await ctx.http.get('/waves?status=cancelled').set(admin).expect(200);
    expect(staff.body.map((w: any) => w.id).sort()).toEqual([draft.id, published.id].sort());
  });

  it('refuses a per-buyer limit below the smallest pack', async () => {
    const now = Date.now();
    const response = await ctx.http
      .post('/waves')
      .set(admin)
      .send({
        name: 'Gelombang kecil',
        opensAt: new Date(now + 3_600_000).toISOString(),
        closesAt: new Date(now + 7_200_000).toISOString(),
        handOutDate: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10),
        paymentDeadline: new Date(now + 86_400_000).toISOString(),
        droppingPointIds: [ref.points[0].id],
        products: [{ productId: ref.productId, capacityKg: 100, perBuyerLimitKg: 3 }],
      })
      .expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'products.0.perBuyerLimitKg' }] });
    expect(response.body.details[0].messages).toEqual(['perBuyerLimitKg is below the smallest pack (5 kg): nobody could order']);
  });

  it('names the product and what is left when an order asks for more than the wave has', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 30, perBuyerLimitKg: 20 });
    const send = (buyer: TestBuyer) =>
      ctx.http
        .post(`/waves/${wave.id}/orders`)
        .set(bearer(buyer.token))
        .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 20), quantity: 1 }] });
    await send(buyers[0]).expect(201);
    const refused = await send(buyers[2]).expect(409);
    expect(refused.body).toMatchObject({
      code: 'CAPACITY_EXCEEDED',
      message: 'Stok gelombang ini tidak cukup untuk pesanan ini (Beras premium Indramayu: tersisa 10 kg, dipesan 20 kg)',
      details: [{ waveProductId: wave.products[0].id, product: 'Beras premium Indramayu', requestedKg: 20, remainingKg: 10 }],
    });
  });

  it('owes nothing back on a purchase order once the refund is paid (the payment reversed)', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 100, closesInMs: 3_000 });
    const placed = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyers[1].token))
      .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 20), quantity: 1 }] })
      .expect(201);
    const payment = await ctx.http
      .post(`/orders/${placed.body.id}/payments`)
      .set(admin)
      .send({ method: 'TRANSFER', amountRp: 220_000, reference: 'TRF-17' })
      .expect(201);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(wave.closesAt).getTime() + 1_050 - Date.now())));
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(admin).expect(200)).body;
    const confirmed = await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(admin)
      .send({ shortfalls: [{ productId: ref.productId, kg: 20 }] })
      .expect(200);
    expect(confirmed.body.amendments[0]).toMatchObject({ ordersCancelled: 1, refundDueRp: 220_000 });
    const owedBefore = await ctx.http.get(`/orders/${placed.body.id}/amendments`).set(bearer(buyers[1].token)).expect(200);
    expect(owedBefore.body.amendments.map((a: any) => a.refundDueRp)).toEqual([220_000]);

    await ctx.http.post(`/payments/${payment.body.id}/reverse`).set(admin).send({ reason: 'Dana dikembalikan ke pembeli' }).expect(200);
    const after = await ctx.http.get(`/purchase-orders/${po.id}`).set(admin).expect(200);
    expect(after.body.amendments[0]).toMatchObject({ ordersCancelled: 1, refundDueRp: 0 });
    const owedAfter = await ctx.http.get(`/orders/${placed.body.id}/amendments`).set(bearer(buyers[1].token)).expect(200);
    expect(owedAfter.body.amendments.map((a: any) => a.refundDueRp)).toEqual([0]);
    const cash = await ctx.http.get(`/waves/${wave.id}/cash`).set(admin).expect(200);
    expect(cash.body.reconciliation).toMatchObject({ refundDueRp: 0, standingPaymentsRp: 0, balanced: true });
  });
});
