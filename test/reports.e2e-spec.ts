import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, createWave, login, packOf, referenceCase, ReferenceCase, registerBuyer, TestBuyer } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

/**
 * Programme reports over real orders: one picked up, one cancelled by its buyer, one cut by a
 * shortfall, others still waiting; and a second wave with a second cooperative for the
 * cross-wave figures.
 */

const KEMENKOP = 'Kementerian Koperasi dan UKM';
const KEMENDESA = 'Kementerian Desa PDTT';
const BAPPENAS = 'Bappenas';
const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

async function order(ctx: TestContext, wave: any, buyer: TestBuyer, pointId: string, items: [string, number][]) {
  const response = await ctx.http
    .post(`/waves/${wave.id}/orders`)
    .set(bearer(buyer.token))
    .send({ droppingPointId: pointId, fulfilment: 'pickup', items: items.map(([packId, quantity]) => ({ packId, quantity })) })
    .expect(201);
  return response.body;
}

describe('Programme reports', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let waveI: any;
  let waveII: any;
  let sugarCoopId: string;
  let buyers: TestBuyer[];

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    const admin = bearer(ref.adminToken);
    buyers = [
      await registerBuyer(ctx, 900, KEMENKOP),
      await registerBuyer(ctx, 901, KEMENKOP),
      await registerBuyer(ctx, 902, KEMENDESA),
      await registerBuyer(ctx, 903, BAPPENAS),
      await registerBuyer(ctx, 904, KEMENKOP),
    ];

    // Wave I: 95 kg ordered; 40 kg picked up, 10 kg cancelled by its buyer, 5 kg cut by a shortfall.
    waveI = await createWave(ctx, ref, { closesInMs: 4_000 });
    const [point0, point1] = ref.points.map((p) => p.id);
    const picked = await order(ctx, waveI, buyers[0], point0, [[packOf(waveI, 20), 2]]);
    const dropped = await order(ctx, waveI, buyers[1], point1, [[packOf(waveI, 10), 1]]);
    await ctx.http.post(`/orders/${dropped.id}/cancel`).set(bearer(buyers[1].token)).expect(200);
    await order(ctx, waveI, buyers[2], point1, [
      [packOf(waveI, 20), 1],
      [packOf(waveI, 5), 2],
    ]);
    await order(ctx, waveI, buyers[3], point0, [[packOf(waveI, 5), 3]]);
    await sleepUntil(new Date(waveI.closesAt).getTime() + 1_050);
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await ctx.http.get(`/waves/${waveI.id}/purchase-orders`).set(admin).expect(200)).body;
    await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(admin)
      .send({ shortfalls: [{ productId: ref.productId, kg: 5 }] })
      .expect(200);
    await ctx.http
      .post(`/orders/${picked.id}/payments`)
      .set(admin)
      .send({ method: 'QRIS', amountRp: 440_000, reference: 'QRIS-0001' })
      .expect(201);
    await ctx.http
      .post(`/dropping-points/${point0}/receipts`)
      .set(admin)
      .send({ waveId: waveI.id, packs: [{ packId: packOf(waveI, 20), quantity: 2 }] })
      .expect(201);
    await ctx.http.post(`/orders/${picked.id}/handover`).set(admin).send({ pickupCode: picked.pickupCode }).expect(200);

    // Wave II, still open: rice from Tani Mulus and sugar from a second cooperative in one order.
    const sugarCoop = await ctx.http
      .post('/cooperatives')
      .set(admin)
      .send({ name: 'Koperasi Gula Rakyat', region: 'Kabupaten Cirebon' })
      .expect(201);
    sugarCoopId = sugarCoop.body.id;
    const sugar = await ctx.http
      .post(`/cooperatives/${sugarCoopId}/products`)
      .set(admin)
      .send({
        commodity: 'gula pasir',
        name: 'Gula pasir kristal putih',
        pricePerKgRp: 14_000,
        availableKg: 500,
        packs: [{ sizeKg: 1 }, { sizeKg: 2 }],
      })
      .expect(201);
    const now = Date.now();
    const created = await ctx.http
      .post('/waves')
      .set(admin)
      .send({
        name: 'Gelombang II',
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: new Date(now + 3_600_000).toISOString(),
        handOutDate: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10),
        paymentDeadline: new Date(now + 86_400_000).toISOString(),
        droppingPointIds: [point0],
        products: [
          { productId: ref.productId, capacityKg: 1_000, perBuyerLimitKg: 40 },
          { productId: sugar.body.id, capacityKg: 100, perBuyerLimitKg: 10 },
        ],
      })
      .expect(201);
    waveII = (await ctx.http.post(`/waves/${created.body.id}/publish`).set(admin).expect(200)).body;
    const rice = waveII.products.find((p: any) => p.productId === ref.productId);
    const gula = waveII.products.find((p: any) => p.productId === sugar.body.id);
    await order(ctx, waveII, buyers[4], point0, [
      [rice.packs.find((p: any) => p.sizeKg === 10).id, 1],
      [gula.packs.find((p: any) => p.sizeKg === 2).id, 2],
    ]);
  }, 60_000);

  afterAll(() => ctx.close());

  it('reports one wave: ordered = delivered + cancelled (cancellations and shortfall cuts) + outstanding', async () => {
    const report = await ctx.http.get(`/reports/waves/${waveI.id}`).set(bearer(ref.adminToken)).expect(200);
    expect(report.body.wave).toMatchObject({ id: waveI.id, name: 'Gelombang I', status: 'confirmed' });
    expect(report.body.totals).toEqual({
      orders: 4,
      buyers: 4,
      ordersDelivered: 1,
      ordersCancelled: 1,
      ordersReduced: 1,
      orderedKg: 95,
      orderedTonnes: 0.095,
      orderedRp: 1_045_000,
      deliveredKg: 40,
      deliveredTonnes: 0.04,
      deliveredRp: 440_000,
      cancelledKg: 15,
      cancelledTonnes: 0.015,
      cancelledRp: 165_000,
      outstandingKg: 40,
      outstandingRp: 440_000,
      fulfilmentRate: 0.4211,
      cancellationRate: 0.1579,
      // Paid: the one picked up; unpaid: the two still placed (30 kg, and 15 kg cut to 10 kg).
      ordersPaid: 1,
      paidRp: 440_000,
      ordersUnpaid: 2,
      unpaidRp: 440_000,
      ordersHandedOver: 1,
      ordersDeliveredHome: 0,
      ordersNoShow: 0,
    });
    // Refunds owed and cash custody from the desk's cash service: the QRIS payment went to the programme's account.
    expect(report.body.refundsOwed).toEqual({ orders: 0, deskRp: 0, qrisRp: 0, totalRp: 0 });
    expect(report.body.cashCustody.officers).toEqual([
      expect.objectContaining({ username: 'admin', payments: 1, cashRp: 0, qrisRp: 440_000, cashHeldRp: 0 }),
    ]);
    expect(report.body.cashCustody).toMatchObject({ cashHeldRp: 0, balanced: true });
    expect(report.body.byCooperative.map((r: any) => [r.name, r.orderedKg, r.deliveredKg, r.cancelledKg])).toEqual([
      ['Koperasi Tani Mulus', 95, 40, 15],
    ]);
    expect(
      report.body.byAgency.map((r: any) => [r.agency, r.orders, r.buyers, r.orderedKg, r.deliveredKg, r.cancelledKg, r.outstandingKg]),
    ).toEqual([
      [BAPPENAS, 1, 1, 15, 0, 5, 10],
      [KEMENDESA, 1, 1, 30, 0, 0, 30],
      [KEMENKOP, 2, 2, 50, 40, 10, 0],
    ]);
    expect(report.body.byDroppingPoint.map((r: any) => [r.name, r.orders, r.orderedKg, r.orderedRp, r.deliveredKg, r.cancelledKg])).toEqual(
      [
        ['Gedung Kementerian Koperasi dan UKM', 2, 55, 605_000, 40, 5],
        ['Lenteng Agung', 2, 40, 440_000, 0, 10],
      ],
    );
    expect(report.body.purchaseOrders).toEqual([
      expect.objectContaining({
        cooperativeName: 'Koperasi Tani Mulus',
        status: 'confirmed',
        orderedKg: 85,
        orderedRp: 935_000,
        shortfallCutKg: 5,
      }),
    ]);
    expect(report.body.timeline.map((e: any) => e.event)).toEqual(['published', 'opened', 'closed', 'ordered', 'confirmed']);
  });

  it('reports one wave as CSV, one row per grouping', async () => {
    const response = await ctx.http.get(`/reports/waves/${waveI.id}.csv`).set(bearer(ref.adminToken)).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const rows = response.text.trim().split('\n');
    expect(rows[0]).toBe(
      'scope,id,name,orders,buyers,orders_delivered,orders_cancelled,orders_reduced,ordered_kg,ordered_tonnes,ordered_rp,delivered_kg,delivered_tonnes,delivered_rp,' +
        'cancelled_kg,cancelled_tonnes,cancelled_rp,outstanding_kg,outstanding_rp,fulfilment_rate,cancellation_rate,' +
        'orders_paid,paid_rp,orders_unpaid,unpaid_rp,orders_handed_over,orders_delivered_home,orders_no_show,amount_rp,kg',
    );
    expect(rows[1]).toBe(
      'total,,All,4,4,1,1,1,95,0.095,1045000,40,0.04,440000,15,0.015,165000,40,440000,0.4211,0.1579,1,440000,2,440000,1,0,0,,',
    );
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual([
      'total',
      'cooperative',
      'agency',
      'agency',
      'agency',
      'dropping_point',
      'dropping_point',
      // The wave's money (test/walkthrough-admin.e2e-spec.ts asserts these rows).
      'paid_by_method',
      'paid_by_method',
      'paid_by_method',
      'paid_by_method',
      'refund_owed',
      'refund_owed',
      'refund_paid',
      'refund_paid',
      'cash_held',
    ]);
    expect(rows[2]).toBe(
      `cooperative,${ref.cooperativeId},Koperasi Tani Mulus,4,4,1,1,1,95,0.095,1045000,40,0.04,440000,15,0.015,165000,40,440000,0.4211,0.1579,1,440000,2,440000,1,0,0,,`,
    );
  });

  it('reports across waves, per wave, cooperative, agency and dropping point', async () => {
    const report = await ctx.http.get('/reports/waves').set(bearer(ref.adminToken)).expect(200);
    expect(report.body.totals).toMatchObject({
      orders: 5,
      buyers: 5,
      orderedKg: 109,
      orderedRp: 1_211_000,
      deliveredKg: 40,
      cancelledKg: 15,
      outstandingKg: 54,
      // The order of wave II with goods of two cooperatives counts once here and once for each cooperative.
      ordersPaid: 1,
      ordersUnpaid: 3,
      unpaidRp: 606_000,
      ordersHandedOver: 1,
    });
    expect(report.body.byCooperative.map((r: any) => [r.name, r.ordersPaid, r.ordersUnpaid, r.unpaidRp])).toEqual([
      ['Koperasi Gula Rakyat', 0, 1, 56_000],
      ['Koperasi Tani Mulus', 1, 3, 550_000],
    ]);
    expect(report.body.byWave.map((w: any) => [w.name, w.status, w.orders, w.orderedKg, w.orderedRp])).toEqual([
      ['Gelombang I', 'confirmed', 4, 95, 1_045_000],
      ['Gelombang II', 'open', 1, 14, 166_000],
    ]);
    expect(report.body.byCooperative.map((r: any) => [r.name, r.orders, r.orderedKg, r.orderedRp, r.fulfilmentRate])).toEqual([
      ['Koperasi Gula Rakyat', 1, 4, 56_000, 0],
      ['Koperasi Tani Mulus', 5, 105, 1_155_000, 0.381],
    ]);
    expect(report.body.byAgency.map((r: any) => [r.agency, r.orders, r.orderedKg])).toEqual([
      [BAPPENAS, 1, 15],
      [KEMENDESA, 1, 30],
      [KEMENKOP, 3, 64],
    ]);

    const csv = await ctx.http.get('/reports/waves.csv').set(bearer(ref.adminToken)).expect(200);
    const rows = csv.text.trim().split('\n');
    expect(rows.filter((row) => row.startsWith('wave,')).map((row) => row.split(',').slice(2, 4))).toEqual([
      ['Gelombang I', '4'],
      ['Gelombang II', '1'],
    ]);

    const none = await ctx.http.get('/reports/waves?from=2020-04-01&to=2020-04-30').set(bearer(ref.adminToken)).expect(200);
    expect(none.body).toMatchObject({ from: '2020-04-01', to: '2020-04-30', byWave: [], byCooperative: [] });
    expect(none.body.totals).toMatchObject({ orders: 0, orderedKg: 0, fulfilmentRate: null });
    const bad = await ctx.http.get('/reports/waves?from=08-04-2020').set(bearer(ref.adminToken)).expect(400);
    expect(bad.body.details.map((d: any) => d.field)).toEqual(['from']);
  });

  it('is for administrators only', async () => {
    const password = 'pengurus-password';
    await ctx.http
      .post('/users')
      .set(bearer(ref.adminToken))
      .send({ username: 'pengurus', password, role: 'COOP_MANAGER', cooperativeId: ref.cooperativeId })
      .expect(201);
    const manager = await login(ctx, 'pengurus', password);
    await ctx.http.get(`/reports/waves/${waveI.id}`).set(bearer(manager)).expect(403);
    await ctx.http.get('/reports/waves').set(bearer(buyers[0].token)).expect(403);
    await ctx.http.get(`/reports/waves/${waveI.id}.csv`).expect(401);
    await ctx.http.get('/reports/waves/00000000-0000-4000-8000-000000000000').set(bearer(ref.adminToken)).expect(404);
  });
});
