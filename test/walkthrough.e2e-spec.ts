import { WaveProgressService } from '../src/waves/wave-progress.service';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, referenceCase, ReferenceCase, registerBuyer, TestBuyer } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

/**
 * One wave walked end to end, as its people run it: rice from Koperasi Tani Mulus and sugar from
 * Koperasi Gula Rakyat, both dropping points, three agencies, six buyers; a 50 kg rice shortfall
 * that empties the rice line of a two-cooperative order (it keeps its sugar) and reduces another
 * order; an unpaid no-show, a paid no-show refunded; one order handed over. Every figure of the
 * wave report is asserted, and for every cooperative, agency and point:
 * ordered (before cuts) = delivered + cancelled (cancelled orders and shortfall cuts) + outstanding.
 *
 *   buyer  agency     point  order                                   then
 *   b0     Kemenkop   P0     rice 1x20 + sugar 1x5   Rp 290.000     paid cash, picked up
 *   b1     Kemendesa  P1     rice 2x10               Rp 220.000     paid by transfer, waiting
 *   b2     Bappenas   P0     rice 1x5                Rp  55.000     no-show, never paid
 *   b3     Kemenkop   P1     rice 1x10               Rp 110.000     paid cash, refunded, no-show
 *   b4     Kemendesa  P0     rice 1x20 + 1x10        Rp 330.000     shortfall cuts the 10 kg pack
 *   b5     Bappenas   P1     rice 2x20 + sugar 2x2   Rp 496.000     shortfall cuts all its rice
 */

const KEMENKOP = 'Kementerian Koperasi dan UKM';
const KEMENDESA = 'Kementerian Desa PDTT';
const BAPPENAS = 'Bappenas';
const P0 = 'Gedung Kementerian Koperasi dan UKM';
const P1 = 'Lenteng Agung';
const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

describe('A wave walked end to end', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let admin: Record<string, string>;
  let wave: any;
  let sugarCoopId: string;
  let buyers: TestBuyer[];
  const orders: any[] = [];
  let pack: (product: 'rice' | 'sugar', sizeKg: number) => string;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    admin = bearer(ref.adminToken);
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
        packs: [{ sizeKg: 2 }, { sizeKg: 5 }],
      })
      .expect(201);
    buyers = [
      await registerBuyer(ctx, 700, KEMENKOP),
      await registerBuyer(ctx, 701, KEMENDESA),
      await registerBuyer(ctx, 702, BAPPENAS),
      await registerBuyer(ctx, 703, KEMENKOP),
      await registerBuyer(ctx, 704, KEMENDESA),
      await registerBuyer(ctx, 705, BAPPENAS),
    ];
    const now = Date.now();
    const closesAt = new Date(now + 6_000);
    const created = await ctx.http
      .post('/waves')
      .set(admin)
      .send({
        name: 'Gelombang I',
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: closesAt.toISOString(),
        handOutDate: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10),
        paymentDeadline: new Date(now + 86_400_000).toISOString(),
        droppingPointIds: ref.points.map((p) => p.id),
        products: [
          { productId: ref.productId, capacityKg: 1_000, perBuyerLimitKg: 40 },
          { productId: sugar.body.id, capacityKg: 200, perBuyerLimitKg: 10 },
        ],
      })
      .expect(201);
    wave = (await ctx.http.post(`/waves/${created.body.id}/publish`).set(admin).expect(200)).body;
    const offers = {
      rice: wave.products.find((p: any) => p.productId === ref.productId),
      sugar: wave.products.find((p: any) => p.productId === sugar.body.id),
    };
    pack = (product, sizeKg) => offers[product].packs.find((p: any) => p.sizeKg === sizeKg).id;

    const [p0, p1] = ref.points.map((p) => p.id);
    const plan: [number, string, [string, number][]][] = [
      [
        0,
        p0,
        [
          [pack('rice', 20), 1],
          [pack('sugar', 5), 1],
        ],
      ],
      [1, p1, [[pack('rice', 10), 2]]],
      [2, p0, [[pack('rice', 5), 1]]],
      [3, p1, [[pack('rice', 10), 1]]],
      [
        4,
        p0,
        [
          [pack('rice', 20), 1],
          [pack('rice', 10), 1],
        ],
      ],
      [
        5,
        p1,
        [
          [pack('rice', 20), 2],
          [pack('sugar', 2), 2],
        ],
      ],
    ];
    // One after the other: the shortfall cuts the latest orders first.
    for (const [i, point, items] of plan) {
      const placed = await ctx.http
        .post(`/waves/${wave.id}/orders`)
        .set(bearer(buyers[i].token))
        .send({ droppingPointId: point, fulfilment: 'pickup', items: items.map(([packId, quantity]) => ({ packId, quantity })) })
        .expect(201);
      orders.push(placed.body);
    }
    expect(orders.map((o) => o.totalRp)).toEqual([290_000, 220_000, 55_000, 110_000, 330_000, 496_000]);

    await ctx.http.post(`/orders/${orders[0].id}/payments`).set(admin).send({ method: 'CASH', amountRp: 290_000 }).expect(201);
    await ctx.http
      .post(`/orders/${orders[1].id}/payments`)
      .set(admin)
      .send({ method: 'TRANSFER', amountRp: 220_000, reference: 'TRF-0001' })
      .expect(201);
    const refunded = await ctx.http
      .post(`/orders/${orders[3].id}/payments`)
      .set(admin)
      .send({ method: 'CASH', amountRp: 110_000 })
      .expect(201);
    // The cash goes to the treasurer; then the paid buyer of b3 says they cannot come and is refunded.
    await ctx.http.post(`/waves/${wave.id}/cash-handovers`).set(admin).send({ amountRp: 400_000, recipient: 'TREASURER' }).expect(201);
    await ctx.http
      .post(`/payments/${refunded.body.id}/reverse`)
      .set(admin)
      .send({ reason: 'Tidak bisa datang; uang dikembalikan' })
      .expect(200);
    await ctx.http.post(`/orders/${orders[3].id}/no-show`).set(admin).send({ note: 'Dibatalkan setelah pengembalian dana' }).expect(200);
    await ctx.http.post(`/orders/${orders[2].id}/no-show`).set(admin).send({}).expect(200);

    await sleepUntil(closesAt.getTime() + 1_050);
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const pos = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(admin).expect(200)).body;
    const ricePo = pos.find((po: any) => po.cooperative.id === ref.cooperativeId);
    const sugarPo = pos.find((po: any) => po.cooperative.id === sugarCoopId);
    await ctx.http
      .post(`/purchase-orders/${ricePo.id}/confirm`)
      .set(admin)
      .send({ shortfalls: [{ productId: ref.productId, kg: 50 }] })
      .expect(200);
    await ctx.http.post(`/purchase-orders/${sugarPo.id}/confirm`).set(admin).send({}).expect(200);

    await ctx.http
      .post(`/dropping-points/${p0}/receipts`)
      .set(admin)
      .send({
        waveId: wave.id,
        packs: [
          { packId: pack('rice', 20), quantity: 2 },
          { packId: pack('sugar', 5), quantity: 1 },
        ],
      })
      .expect(201);
    await ctx.http.post(`/orders/${orders[0].id}/handover`).set(admin).send({ pickupCode: orders[0].pickupCode }).expect(200);
  }, 90_000);

  afterAll(() => ctx.close());

  const figures = (row: any) => [
    row.orders,
    row.buyers,
    row.ordersDelivered,
    row.ordersCancelled,
    row.ordersReduced,
    row.orderedKg,
    row.orderedRp,
    row.deliveredKg,
    row.deliveredRp,
    row.cancelledKg,
    row.cancelledRp,
    row.outstandingKg,
    row.outstandingRp,
  ];

  it('reports every figure of the wave, the cut rice line of the two-cooperative order included', async () => {
    const report = (await ctx.http.get(`/reports/waves/${wave.id}`).set(admin).expect(200)).body;
    expect(report.wave).toMatchObject({ id: wave.id, status: 'confirmed' });
    expect(report.totals).toEqual({
      orders: 6,
      buyers: 6,
      ordersDelivered: 1,
      ordersCancelled: 2,
      ordersReduced: 2,
      orderedKg: 134,
      orderedTonnes: 0.134,
      orderedRp: 1_501_000,
      deliveredKg: 25,
      deliveredTonnes: 0.025,
      deliveredRp: 290_000,
      // 15 kg of cancelled orders (b2, b3) and the 50 kg shortfall (b4 10 kg, b5 40 kg)
      cancelledKg: 65,
      cancelledTonnes: 0.065,
      cancelledRp: 715_000,
      outstandingKg: 44,
      outstandingRp: 496_000,
      fulfilmentRate: 0.1866,
      cancellationRate: 0.4851,
      // of the four orders still standing: two paid, two not (paid + unpaid = delivered + outstanding)
      ordersPaid: 2,
      ordersUnpaid: 2,
      paidRp: 510_000,
      unpaidRp: 276_000,
      // the one delivered order was handed over at the point; both cancellations were no-shows
      ordersHandedOver: 1,
      ordersDeliveredHome: 0,
      ordersNoShow: 2,
    });
    expect(report.byCooperative.map((r: any) => [r.name, ...figures(r)])).toEqual([
      ['Koperasi Gula Rakyat', 2, 2, 1, 0, 0, 9, 126_000, 5, 70_000, 0, 0, 4, 56_000],
      ['Koperasi Tani Mulus', 6, 6, 1, 2, 2, 125, 1_375_000, 20, 220_000, 65, 715_000, 40, 440_000],
    ]);
    expect(report.byAgency.map((r: any) => [r.agency, ...figures(r)])).toEqual([
      [BAPPENAS, 2, 2, 0, 1, 1, 49, 551_000, 0, 0, 45, 495_000, 4, 56_000],
      [KEMENDESA, 2, 2, 0, 0, 1, 50, 550_000, 0, 0, 10, 110_000, 40, 440_000],
      [KEMENKOP, 2, 2, 1, 1, 0, 35, 400_000, 25, 290_000, 10, 110_000, 0, 0],
    ]);
    expect(report.byDroppingPoint.map((r: any) => [r.name, ...figures(r)])).toEqual([
      [P0, 3, 3, 1, 1, 1, 60, 675_000, 25, 290_000, 15, 165_000, 20, 220_000],
      [P1, 3, 3, 0, 1, 1, 74, 826_000, 0, 0, 50, 550_000, 24, 276_000],
    ]);
    // The purchase orders as issued at closing (b2 and b3 were cancelled before), and the cut.
    expect(report.purchaseOrders.map((po: any) => [po.cooperativeName, po.status, po.orderedKg, po.orderedRp, po.shortfallCutKg])).toEqual([
      ['Koperasi Gula Rakyat', 'confirmed', 9, 126_000, 0],
      ['Koperasi Tani Mulus', 'confirmed', 110, 1_210_000, 50],
    ]);
    const riceRow = report.byCooperative.find((r: any) => r.cooperativeId === ref.cooperativeId);
    // What the cooperative's rows count as cut agrees with its purchase order: 65 kg = 15 kg cancelled orders + 50 kg cut.
    expect(riceRow.cancelledKg - (5 + 10)).toBe(report.purchaseOrders[1].shortfallCutKg);
    for (const row of [report.totals, ...report.byCooperative, ...report.byAgency, ...report.byDroppingPoint]) {
      expect(row.orderedKg).toBe(row.deliveredKg + row.cancelledKg + row.outstandingKg);
      expect(row.orderedRp).toBe(row.deliveredRp + row.cancelledRp + row.outstandingRp);
    }
  });

  it('closes the refunded paid no-show as refunded, the unpaid one as a non-payment', async () => {
    const refunded = await ctx.http.get(`/orders/${orders[3].id}`).set(bearer(buyers[3].token)).expect(200);
    expect(refunded.body).toMatchObject({ status: 'cancelled', cancelReason: 'no_show_refunded' });
    const unpaid = await ctx.http.get(`/orders/${orders[2].id}`).set(bearer(buyers[2].token)).expect(200);
    expect(unpaid.body).toMatchObject({ status: 'cancelled', cancelReason: 'officer_non_payment' });
  });

  it('summarises per product from one source: the products add up to the totals', async () => {
    const summary = (await ctx.http.get(`/waves/${wave.id}/summary`).set(admin).expect(200)).body;
    // Standing after cancellations and cuts: rice b0 20 + b1 20 + b4 20, sugar b0 5 + b5 4.
    expect(summary.totals).toMatchObject({ orders: 4, kg: 69 });
    expect(summary.products.map((p: any) => [p.name, p.orderedKg])).toEqual([
      ['Beras premium Indramayu', 60],
      ['Gula pasir kristal putih', 9],
    ]);
    expect(summary.products.reduce((sum: number, p: any) => sum + p.orderedKg, 0)).toBe(summary.totals.kg);
    const packs = summary.totals.packs.filter((p: any) => p.packs > 0).map((p: any) => [p.productName, p.sizeKg, p.packs]);
    expect(packs).toEqual([
      ['Beras premium Indramayu', 10, 2],
      ['Beras premium Indramayu', 20, 2],
      ['Gula pasir kristal putih', 2, 2],
      ['Gula pasir kristal putih', 5, 1],
    ]);
  });

  it('does not balance the cash while an officer holds less than nothing', async () => {
    const cash = (await ctx.http.get(`/waves/${wave.id}/cash`).set(admin).expect(200)).body;
    expect(cash.officers.map((o: any) => [o.username, o.cashHeldRp])).toEqual([['admin', -110_000]]);
    expect(cash.reconciliation).toMatchObject({ paidOrdersRp: 510_000, refundDueRp: 0, standingPaymentsRp: 510_000, balanced: false });
  });

  it('becomes delivered only once the goods are received at every point that needs them', async () => {
    const progress = ctx.apps[0].get(WaveProgressService);
    const pos = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(admin).expect(200)).body;
    for (const po of pos) {
      for (const point of ref.points)
        await ctx.http.post(`/purchase-orders/${po.id}/shipments`).set(admin).send({ droppingPointId: point.id }).expect(201);
    }
    expect(await progress.advance(wave.id)).toBe('confirmed');
    await ctx.http
      .post(`/dropping-points/${ref.points[1].id}/receipts`)
      .set(admin)
      .send({ waveId: wave.id, packs: [{ packId: pack('rice', 10), quantity: 2 }] })
      .expect(201);
    // Lenteng Agung still waits for the sugar of b5.
    expect(await progress.advance(wave.id)).toBe('confirmed');
    await ctx.http
      .post(`/dropping-points/${ref.points[1].id}/receipts`)
      .set(admin)
      .send({ waveId: wave.id, packs: [{ packId: pack('sugar', 2), quantity: 2 }] })
      .expect(201);
    expect(await progress.advance(wave.id)).toBe('delivered');
  });
});
