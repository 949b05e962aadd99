import request from 'supertest';
import { DataSource } from 'typeorm';
import { OrderReleaseService } from '../src/orders/order-release.service';
import { CancelReason } from '../src/orders/order-status.enum';
import { WaveProgressService } from '../src/waves/wave-progress.service';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, createWave, login, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

/**
 * The reference case end to end: wave I of April 2020 collects 2.9 tonnes of premium rice from
 * Koperasi Tani Mulus across the ministry building and Lenteng Agung; the purchase order the
 * cooperative receives at closing, its amendments, its shortfall, its shipments and the wave's
 * states up to completed.
 */

const RICE = 'Beras premium Indramayu';
const KEMENKOP = 'Gedung Kementerian Koperasi dan UKM';
const LENTENG = 'Lenteng Agung';

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

async function createUser(ctx: TestContext, adminToken: string, username: string, body: Record<string, unknown>): Promise<string> {
  const password = `${username}-password`;
  await ctx.http
    .post('/users')
    .set(bearer(adminToken))
    .send({ username, password, ...body })
    .expect(201);
  return login(ctx, username, password);
}

async function order(ctx: TestContext, wave: any, buyer: TestBuyer, pointId: string, packs: Record<number, number>, delivery?: string) {
  const response = await ctx.http
    .post(`/waves/${wave.id}/orders`)
    .set(bearer(buyer.token))
    .send({
      droppingPointId: pointId,
      fulfilment: delivery ? 'delivery' : 'pickup',
      ...(delivery ? { deliveryAddress: delivery } : {}),
      items: Object.entries(packs).map(([size, quantity]) => ({ packId: packOf(wave, Number(size)), quantity })),
    })
    .expect(201);
  return response.body;
}

/**
 * Waits for the wave's closing time and runs the sweep (the exact-time timer may have closed it
 * already). closesAt is shown to the second, so the wave closes within the second after it.
 */
async function closeWave(ctx: TestContext, wave: { id: string; closesAt: string }) {
  await sleepUntil(new Date(wave.closesAt).getTime() + 1_050);
  await ctx.apps[0].get(WaveLifecycleService).sweep();
}

/** Cancels orders the way the desk does (the officer for non-payment, the payment deadline sweep). */
async function cancelOrders(ctx: TestContext, ids: string[], reason: CancelReason) {
  const dataSource = ctx.apps[0].get(DataSource);
  await dataSource.transaction((manager) => ctx.apps[0].get(OrderReleaseService).cancel(manager, ids, reason, false));
}

const packs = (...rows: [number, number][]) => rows.map(([sizeKg, n]) => expect.objectContaining({ sizeKg, packs: n, kg: sizeKg * n }));

describe('Purchase orders (reference case: wave I, 2.9 tonnes over two dropping points)', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let wave: any;
  let managerToken: string;
  let otherManagerToken: string;
  let buyers: TestBuyer[];
  const orders: any[] = [];
  let po: any;
  let snapshotRows: unknown[];

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    managerToken = await createUser(ctx, ref.adminToken, 'pengurus-tani-mulus', { role: 'COOP_MANAGER', cooperativeId: ref.cooperativeId });
    const other = await ctx.http
      .post('/cooperatives')
      .set(bearer(ref.adminToken))
      .send({ name: 'Koperasi Gula Rakyat', region: 'Kabupaten Cirebon' })
      .expect(201);
    otherManagerToken = await createUser(ctx, ref.adminToken, 'pengurus-gula-rakyat', {
      role: 'COOP_MANAGER',
      cooperativeId: other.body.id,
    });
    buyers = await registerBuyers(ctx, 19, 100);

    wave = await createWave(ctx, ref, { capacityKg: 3_000, perBuyerLimitKg: 200, closesInMs: 6_000 });
    // Ten buyers at the ministry building, 170 kg each; eight at Lenteng Agung, 150 kg each: 2,900 kg.
    for (const buyer of buyers.slice(0, 10)) orders.push(await order(ctx, wave, buyer, ref.points[0].id, { 5: 2, 10: 4, 20: 6 }));
    for (const buyer of buyers.slice(10, 17)) orders.push(await order(ctx, wave, buyer, ref.points[1].id, { 5: 2, 10: 2, 20: 6 }));
    orders.push(await order(ctx, wave, buyers[17], ref.points[1].id, { 5: 2, 10: 2, 20: 6 }, 'Jl. Joe No. 12, Lenteng Agung'));
    // One order cancelled by its buyer while the wave is open: never part of the purchase order.
    const gone = await order(ctx, wave, buyers[18], ref.points[0].id, { 20: 1 });
    await ctx.http.post(`/orders/${gone.id}/cancel`).set(bearer(buyers[18].token)).expect(200);
    await closeWave(ctx, wave);
  }, 60_000);

  afterAll(() => ctx.close());

  it('makes one purchase order at closing with the exact tonnage per product, pack size and dropping point', async () => {
    const list = await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(ref.adminToken)).expect(200);
    expect(list.body).toHaveLength(1);
    po = list.body[0];
    expect(po.number).toMatch(/^PO-\d{8}-[0-9A-F]{8}$/);
    expect(po).toMatchObject({
      status: 'sent',
      confirmedAt: null,
      wave: { id: wave.id, name: 'Gelombang I', status: 'ordered' },
      cooperative: { id: ref.cooperativeId, name: 'Koperasi Tani Mulus', region: 'Kabupaten Indramayu' },
      amendments: [],
      shortfalls: [],
    });
    expect(po.ordered).toMatchObject({ ordersCount: 18, buyersCount: 18, totalKg: 2_900, totalTonnes: 2.9, totalRp: 31_900_000 });
    expect(po.ordered.products).toEqual([
      expect.objectContaining({
        productId: ref.productId,
        name: RICE,
        pricePerKgRp: 11_000,
        kg: 2_900,
        tonnes: 2.9,
        valueRp: 31_900_000,
        packs: packs([5, 36], [10, 56], [20, 108]),
      }),
    ]);
    expect(
      po.ordered.droppingPoints.map((p: any) => [p.name, p.kg, p.tonnes, p.valueRp, p.packs.map((k: any) => [k.sizeKg, k.packs])]),
    ).toEqual([
      [
        KEMENKOP,
        1_700,
        1.7,
        18_700_000,
        [
          [5, 20],
          [10, 40],
          [20, 60],
        ],
      ],
      [
        LENTENG,
        1_200,
        1.2,
        13_200_000,
        [
          [5, 16],
          [10, 16],
          [20, 48],
        ],
      ],
    ]);
    const { ordersCount: _orders, buyersCount: _buyers, ...asOrdered } = po.ordered;
    expect(po.toDeliver).toEqual(asOrdered);
    expect(po.shipments.map((s: any) => [s.name, s.status, s.kgToDeliver])).toEqual([
      [KEMENKOP, 'pending', 1_700],
      [LENTENG, 'pending', 1_200],
    ]);

    const shown = await ctx.http.get(`/purchase-orders/${po.id}`).set(bearer(managerToken)).expect(200);
    expect(shown.body).toEqual(po);
    snapshotRows = await sql(ctx.databaseUrl, 'SELECT * FROM purchase_order_lines WHERE purchase_order_id = $1 ORDER BY id', [po.id]);
    expect(snapshotRows).toHaveLength(6);
  });

  it('moves the wave from closed to ordered once, visible to buyers too', async () => {
    const seen = await ctx.http.get(`/waves/${wave.id}`).set(bearer(buyers[0].token)).expect(200);
    expect(seen.body.status).toBe('ordered');
    // Sweeping again, on another instance too, changes nothing.
    const second = await ctx.startInstance();
    await second.get(WaveLifecycleService).sweep();
    await second.get(WaveProgressService).sweep();
    const events = await sql(ctx.databaseUrl, 'SELECT type FROM wave_events WHERE wave_id = $1 ORDER BY created_at, type', [wave.id]);
    expect(events.map((e) => e.type)).toEqual(['published', 'opened', 'closed', 'ordered']);
    expect(await sql(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM purchase_orders WHERE wave_id = $1', [wave.id])).toEqual([{ n: 1 }]);
  });

  it('downloads the purchase order as CSV: the loading list per point, product and pack size', async () => {
    const response = await ctx.http.get(`/purchase-orders/${po.id}.csv`).set(bearer(managerToken)).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${po.number}.csv"`);
    const lines = response.text.trim().split('\n');
    expect(lines[0]).toBe(
      'purchase_order,wave,cooperative,dropping_point,product,pack_size_kg,price_per_pack_rp,packs_ordered,kg_ordered,value_rp_ordered,packs_to_deliver,kg_to_deliver,value_rp_to_deliver,packs_shortfall_cut,packs_shipped,packs_shipped_short,kg_short',
    );
    const head = `${po.number},Gelombang I,Koperasi Tani Mulus`;
    expect(lines.slice(1)).toEqual([
      `${head},${KEMENKOP},${RICE},5,55000,20,100,1100000,20,100,1100000,0,,0,0`,
      `${head},${KEMENKOP},${RICE},10,110000,40,400,4400000,40,400,4400000,0,,0,0`,
      `${head},${KEMENKOP},${RICE},20,220000,60,1200,13200000,60,1200,13200000,0,,0,0`,
      `${head},${LENTENG},${RICE},5,55000,16,80,880000,16,80,880000,0,,0,0`,
      `${head},${LENTENG},${RICE},10,110000,16,160,1760000,16,160,1760000,0,,0,0`,
      `${head},${LENTENG},${RICE},20,220000,48,960,10560000,48,960,10560000,0,,0,0`,
      `${head},TOTAL,,,,200,2900,31900000,200,2900,31900000,0,,0,0`,
    ]);
  });

  it('downloads the purchase order as a valid PDF letter with the totals in it (in English on ?lang=en)', async () => {
    const response = await ctx.http
      .get(`/purchase-orders/${po.id}.pdf?lang=en`)
      .set(bearer(managerToken))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf: Buffer = response.body;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const text = pdfText(pdf);
    for (const expected of [
      'PURCHASE ORDER (SURAT PESANAN)',
      `No. ${po.number}`,
      'The board of Koperasi Tani Mulus',
      'Total ordered: 2.900 kg (2,9 ton), value Rp 31.900.000',
      '18 orders from 18 buyers, 2 dropping point(s).',
      KEMENKOP,
      LENTENG,
      'Subtotal: 1,2 ton',
      '1.200 kg',
      'Rp 13.200.000',
      'For the cooperative Koperasi Tani Mulus',
      'Programme administrator',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("refuses another cooperative's manager, and buyers, everywhere", async () => {
    const other = bearer(otherManagerToken);
    for (const path of [`/purchase-orders/${po.id}`, `/purchase-orders/${po.id}.csv`, `/purchase-orders/${po.id}.pdf`]) {
      const refused = await ctx.http.get(path).set(other).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    }
    expect((await ctx.http.post(`/purchase-orders/${po.id}/confirm`).set(other).send({}).expect(403)).body.code).toBe('FORBIDDEN');
    expect(
      (await ctx.http.post(`/purchase-orders/${po.id}/shipments`).set(other).send({ droppingPointId: ref.points[0].id }).expect(403)).body
        .code,
    ).toBe('FORBIDDEN');
    // The wave itself is hidden from a cooperative that has no product in it.
    await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(other).expect(404);
    await ctx.http.get(`/purchase-orders/${po.id}`).set(bearer(buyers[0].token)).expect(403);
    await ctx.http.post(`/purchase-orders/${po.id}/confirm`).set(bearer(buyers[0].token)).send({}).expect(403);
    await ctx.http.get(`/purchase-orders/${po.id}`).expect(401);
    await ctx.http.get('/purchase-orders/00000000-0000-4000-8000-000000000000').set(bearer(managerToken)).expect(404);
    const bad = await ctx.http.get('/purchase-orders/not-a-uuid').set(bearer(managerToken)).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const nothing = await ctx.http.get(`/purchase-orders/${po.id}`).set(bearer(otherManagerToken));
    expect(JSON.stringify(nothing.body)).not.toContain('2900');
  });

  it('keeps the snapshot when an order is cancelled afterwards, and shows the change as an amendment', async () => {
    await cancelOrders(ctx, [orders[0].id], CancelReason.Officer);
    const shown = await ctx.http.get(`/purchase-orders/${po.id}`).set(bearer(managerToken)).expect(200);
    expect(shown.body.ordered).toEqual(po.ordered);
    expect(shown.body.amendments).toEqual([
      {
        reason: 'officer_non_payment',
        orders: 1,
        ordersCancelled: 1,
        kg: 170,
        valueRp: 1_870_000,
        lines: [
          { droppingPointId: ref.points[0].id, productId: ref.productId, sizeKg: 5, packs: 2, kg: 10, valueRp: 110_000 },
          { droppingPointId: ref.points[0].id, productId: ref.productId, sizeKg: 10, packs: 4, kg: 40, valueRp: 440_000 },
          { droppingPointId: ref.points[0].id, productId: ref.productId, sizeKg: 20, packs: 6, kg: 120, valueRp: 1_320_000 },
        ],
      },
    ]);
    expect(shown.body.toDeliver).toMatchObject({ totalKg: 2_730, totalRp: 30_030_000 });
    expect(shown.body.toDeliver.droppingPoints.map((p: any) => p.kg)).toEqual([1_530, 1_200]);
    expect(await sql(ctx.databaseUrl, 'SELECT * FROM purchase_order_lines WHERE purchase_order_id = $1 ORDER BY id', [po.id])).toEqual(
      snapshotRows,
    );
  });

  it('validates a confirmation: unknown fields, products not in the order, more kg than orders hold', async () => {
    const auth = bearer(managerToken);
    const unknown = await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(auth)
      .send({ shortfalls: [{ productId: ref.productId, kg: 5, why: 'x' }] })
      .expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    const zero = await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(auth)
      .send({ shortfalls: [{ productId: ref.productId, kg: 0 }] })
      .expect(400);
    expect(zero.body.details.map((d: any) => d.field)).toEqual(['shortfalls.0.kg']);
    const stranger = await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(auth)
      .send({ shortfalls: [{ productId: '00000000-0000-4000-8000-000000000000', kg: 5 }] })
      .expect(400);
    expect(stranger.body.details.map((d: any) => d.field)).toEqual(['shortfalls.0.productId']);
    const tooMuch = await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(auth)
      .send({ shortfalls: [{ productId: ref.productId, kg: 3_000 }] })
      .expect(400);
    expect(tooMuch.body.details.map((d: any) => d.field)).toEqual(['shortfalls.0.kg']);
    expect(tooMuch.body.message).toContain('2730 kg');
    // Nothing was half-done.
    expect(await sql(ctx.databaseUrl, `SELECT status FROM purchase_orders WHERE id = $1`, [po.id])).toEqual([{ status: 'sent' }]);
    expect(await sql(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM shortfall_cuts')).toEqual([{ n: 0 }]);
  });

  it('shares a 335 kg shortfall out last come, first cut: the two latest orders go, the third latest loses 35 kg', async () => {
    // The third latest buyer has already paid: they are owed back what is cut.
    const third = orders[15];
    await ctx.http
      .post(`/orders/${third.id}/payments`)
      .set(bearer(ref.adminToken))
      .send({ method: 'CASH', amountRp: 1_650_000 })
      .expect(201);

    const confirmed = await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(bearer(managerToken))
      .send({ shortfalls: [{ productId: ref.productId, kg: 335 }] })
      .expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmedBy: 'pengurus-tani-mulus', wave: { status: 'confirmed' } });
    expect(confirmed.body.shortfalls).toEqual([
      expect.objectContaining({ productId: ref.productId, name: RICE, requestedKg: 335, cutKg: 335, ordersReduced: 1, ordersCancelled: 2 }),
    ]);
    expect(confirmed.body.ordered).toEqual(po.ordered);
    expect(confirmed.body.amendments.map((a: any) => [a.reason, a.orders, a.kg, a.valueRp])).toEqual([
      ['shortfall', 3, 335, 3_685_000],
      ['officer_non_payment', 1, 170, 1_870_000],
    ]);
    expect(confirmed.body.amendments[0]).toMatchObject({ ordersCancelled: 2, refundDueRp: 385_000 });
    expect(confirmed.body.toDeliver).toMatchObject({ totalKg: 2_395, totalRp: 26_345_000 });
    expect(confirmed.body.toDeliver.droppingPoints.map((p: any) => [p.name, p.kg, p.packs.map((k: any) => k.packs)])).toEqual([
      [KEMENKOP, 1_530, [18, 36, 54]],
      [LENTENG, 865, [11, 11, 35]],
    ]);

    // The two latest orders are cancelled with a reason their buyers see.
    for (const [index, buyer] of [
      [17, buyers[17]],
      [16, buyers[16]],
    ] as const) {
      const seen = await ctx.http.get(`/orders/${orders[index].id}`).set(bearer(buyer.token)).expect(200);
      expect(seen.body).toMatchObject({ status: 'cancelled', cancelReason: 'shortfall', totalKg: 150 });
    }
    // The third latest keeps 115 kg: one 20, one 10 and one 5 kg pack are cut (the fewest packs for 35 kg).
    const reduced = await ctx.http.get(`/orders/${third.id}`).set(bearer(buyers[15].token)).expect(200);
    expect(reduced.body).toMatchObject({ status: 'paid', totalKg: 115, totalRp: 1_265_000 });
    expect(reduced.body.items.map((i: any) => [i.sizeKg, i.quantity, i.kg, i.amountRp])).toEqual([
      [5, 1, 5, 55_000],
      [10, 1, 10, 110_000],
      [20, 5, 100, 1_100_000],
    ]);
    const why = await ctx.http.get(`/orders/${third.id}/amendments`).set(bearer(buyers[15].token)).expect(200);
    expect(
      why.body.amendments.map((a: any) => [a.reason, a.sizeKg, a.packsBefore, a.packsCut, a.kgCut, a.refundDueRp, a.orderCancelled]),
    ).toEqual([
      ['shortfall', 5, 2, 1, 5, 55_000, false],
      ['shortfall', 10, 2, 1, 10, 110_000, false],
      ['shortfall', 20, 6, 1, 20, 220_000, false],
    ]);
    expect(why.body.amendments[0].explanation).toContain('latest orders first');
    await ctx.http.get(`/orders/${third.id}/amendments`).set(bearer(buyers[0].token)).expect(404);
    // Earlier orders are untouched.
    const earlier = await ctx.http.get(`/orders/${orders[14].id}`).set(bearer(buyers[14].token)).expect(200);
    expect(earlier.body).toMatchObject({ status: 'placed', totalKg: 150 });

    // The desk's cash reconciliation knows the Rp 385,000 owed back and still balances.
    const cash = await ctx.http.get(`/waves/${wave.id}/cash`).set(bearer(ref.adminToken)).expect(200);
    expect(cash.body.reconciliation).toMatchObject({
      paidOrdersRp: 1_265_000,
      refundDueRp: 385_000,
      standingPaymentsRp: 1_650_000,
      balanced: true,
    });

    // Quotas and the live summary moved by exactly what was cut; the closed wave's capacity did not.
    expect(await sql(ctx.databaseUrl, 'SELECT ordered_kg FROM buyer_quotas WHERE buyer_id = $1', [buyers[15].id])).toEqual([
      { ordered_kg: 115 },
    ]);
    const summary = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
    expect(summary.body.totals).toMatchObject({ orders: 15, kg: 2_395, valueRp: 26_345_000 });
    expect(summary.body.droppingPoints.map((p: any) => [p.name, p.orders, p.kg])).toEqual([
      [KEMENKOP, 9, 1_530],
      [LENTENG, 6, 865],
    ]);
    expect(summary.body.products[0]).toMatchObject({ orderedKg: 2_395, remainingKg: 100 });
    // The order totals agree with their lines.
    const [check] = await sql<{ bad: number }>(
      ctx.databaseUrl,
      `SELECT count(*)::int AS bad FROM orders o WHERE o.wave_id = $1
          AND (o.total_kg, o.total_rp) <> (SELECT sum(kg)::int, sum(amount_rp) FROM order_items i WHERE i.order_id = o.id)`,
      [wave.id],
    );
    expect(check.bad).toBe(0);
    // The snapshot itself never moved, and the audit trail says what happened.
    expect(await sql(ctx.databaseUrl, 'SELECT * FROM purchase_order_lines WHERE purchase_order_id = $1 ORDER BY id', [po.id])).toEqual(
      snapshotRows,
    );
    const audit = await sql(
      ctx.databaseUrl,
      `SELECT action, actor_role FROM audit_entries WHERE order_id = $1 AND action LIKE '%shortfall%'`,
      [third.id],
    );
    expect(audit).toEqual([{ action: 'order.reduced_for_shortfall', actor_role: 'COOP_MANAGER' }]);
  });

  it('confirms once: a second confirmation is refused', async () => {
    const again = await ctx.http.post(`/purchase-orders/${po.id}/confirm`).set(bearer(managerToken)).send({}).expect(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
    const events = await sql(ctx.databaseUrl, `SELECT count(*)::int AS n FROM wave_events WHERE wave_id = $1 AND type = 'confirmed'`, [
      wave.id,
    ]);
    expect(events).toEqual([{ n: 1 }]);
  });

  it('marks each dropping point shipped with its loading list; the last one makes the wave delivered', async () => {
    const auth = bearer(managerToken);
    const first = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({ droppingPointId: ref.points[0].id })
      .expect(201);
    expect(first.body).toMatchObject({
      purchaseOrderId: po.id,
      droppingPointId: ref.points[0].id,
      status: 'shipped',
      shippedKg: 1_530,
      waveStatus: 'confirmed',
    });
    expect(first.body.manifest.map((m: any) => [m.sizeKg, m.packs])).toEqual([
      [5, 18],
      [10, 36],
      [20, 54],
    ]);
    const twice = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({ droppingPointId: ref.points[0].id })
      .expect(409);
    expect(twice.body.code).toBe('INVALID_TRANSITION');
    const elsewhere = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({ droppingPointId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(elsewhere.body.details[0].field).toBe('droppingPointId');
    const partly = await ctx.http.get(`/purchase-orders/${po.id}`).set(auth).expect(200);
    expect(partly.body.status).toBe('confirmed');

    const last = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({ droppingPointId: ref.points[1].id })
      .expect(201);
    expect(last.body).toMatchObject({ shippedKg: 865, waveStatus: 'confirmed' });
    const shipped = await ctx.http.get(`/purchase-orders/${po.id}`).set(auth).expect(200);
    expect(shipped.body.status).toBe('shipped');
    expect(shipped.body.shipments.map((s: any) => [s.name, s.status, s.shippedKg, s.shippedBy])).toEqual([
      [KEMENKOP, 'shipped', 1_530, 'pengurus-tani-mulus'],
      [LENTENG, 'shipped', 865, 'pengurus-tani-mulus'],
    ]);
  });

  it('completes the wave when every order is picked up, delivered or cancelled', async () => {
    // The paid, reduced order is handed over at Lenteng Agung after the goods arrive.
    const third = orders[15];
    await ctx.http
      .post(`/dropping-points/${ref.points[1].id}/receipts`)
      .set(bearer(ref.adminToken))
      .send({
        waveId: wave.id,
        packs: [
          { packId: packOf(wave, 5), quantity: 11 },
          { packId: packOf(wave, 10), quantity: 11 },
          { packId: packOf(wave, 20), quantity: 35 },
        ],
      })
      .expect(201);
    await ctx.http.post(`/orders/${third.id}/handover`).set(bearer(ref.adminToken)).send({ pickupCode: third.pickupCode }).expect(200);
    const progress = ctx.apps[0].get(WaveProgressService);
    expect(await progress.advance(wave.id)).toBe('confirmed');

    const rest = (
      await sql<{ id: string }>(ctx.databaseUrl, `SELECT id FROM orders WHERE wave_id = $1 AND status IN ('placed', 'paid', 'ready')`, [
        wave.id,
      ])
    ).map((r) => r.id);
    expect(rest).toHaveLength(14);
    await cancelOrders(ctx, rest, CancelReason.PaymentDeadline);
    await Promise.all(ctx.apps.map((app) => app.get(WaveProgressService).sweep()));
    const seen = await ctx.http.get(`/waves/${wave.id}`).set(bearer(buyers[0].token)).expect(200);
    expect(seen.body.status).toBe('completed');
    const events = await sql(ctx.databaseUrl, 'SELECT type, data FROM wave_events WHERE wave_id = $1 ORDER BY created_at, type', [wave.id]);
    expect(events.map((e) => e.type)).toEqual(['published', 'opened', 'closed', 'ordered', 'confirmed', 'delivered', 'completed']);
    expect(events[6].data).toEqual({ from: 'delivered' });
  });
});

describe('Purchase orders of a wave with two cooperatives', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let wave: any;
  let sugarId: string;
  let riceManager: string;
  let sugarManager: string;
  let buyers: TestBuyer[];

  beforeAll(async () => {
    ctx = await startTestContext();
    await ctx.startInstance();
    ref = await referenceCase(ctx);
    const auth = bearer(ref.adminToken);
    const sugarCoop = await ctx.http
      .post('/cooperatives')
      .set(auth)
      .send({ name: 'Koperasi Gula Rakyat', region: 'Kabupaten Cirebon' })
      .expect(201);
    const sugar = await ctx.http
      .post(`/cooperatives/${sugarCoop.body.id}/products`)
      .set(auth)
      .send({
        commodity: 'gula pasir',
        name: 'Gula pasir kristal putih',
        pricePerKgRp: 14_000,
        availableKg: 1_000,
        packs: [{ sizeKg: 1 }, { sizeKg: 2 }],
      })
      .expect(201);
    sugarId = sugar.body.id;
    riceManager = await createUser(ctx, ref.adminToken, 'pengurus-beras', { role: 'COOP_MANAGER', cooperativeId: ref.cooperativeId });
    sugarManager = await createUser(ctx, ref.adminToken, 'pengurus-gula', { role: 'COOP_MANAGER', cooperativeId: sugarCoop.body.id });
    buyers = await registerBuyers(ctx, 3, 300);
    const closesAt = new Date(Date.now() + 3_000);
    const created = await ctx.http
      .post('/waves')
      .set(auth)
      .send({
        name: 'Gelombang II',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: closesAt.toISOString(),
        handOutDate: new Date(closesAt.getTime() + 2 * 86_400_000).toISOString().slice(0, 10),
        paymentDeadline: new Date(closesAt.getTime() + 86_400_000).toISOString(),
        droppingPointIds: ref.points.map((p) => p.id),
        products: [
          { productId: ref.productId, capacityKg: 1_000, perBuyerLimitKg: 40 },
          { productId: sugarId, capacityKg: 200, perBuyerLimitKg: 10 },
        ],
      })
      .expect(201);
    wave = (await ctx.http.post(`/waves/${created.body.id}/publish`).set(auth).expect(200)).body;
    const rice = wave.products.find((p: any) => p.productId === ref.productId);
    const gula = wave.products.find((p: any) => p.productId === sugarId);
    const pack = (offer: any, size: number) => offer.packs.find((p: any) => p.sizeKg === size).id;
    const place = (buyer: TestBuyer, point: number, items: [string, number][]) =>
      ctx.http
        .post(`/waves/${wave.id}/orders`)
        .set(bearer(buyer.token))
        .send({
          droppingPointId: ref.points[point].id,
          fulfilment: 'pickup',
          items: items.map(([packId, quantity]) => ({ packId, quantity })),
        })
        .expect(201);
    await place(buyers[0], 0, [
      [pack(rice, 20), 1],
      [pack(gula, 2), 2],
    ]);
    await place(buyers[1], 1, [[pack(rice, 10), 1]]);
    await place(buyers[2], 1, [[pack(gula, 1), 3]]);
    await sleepUntil(closesAt.getTime() + 50);
    await ctx.apps[1].get(WaveLifecycleService).sweep();
  }, 60_000);

  afterAll(() => ctx.close());

  it('makes one purchase order per cooperative, each seen only by its own manager', async () => {
    const all = await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(ref.adminToken)).expect(200);
    expect(
      all.body.map((po: any) => [
        po.cooperative.name,
        po.ordered.ordersCount,
        po.ordered.buyersCount,
        po.ordered.totalKg,
        po.ordered.totalRp,
      ]),
    ).toEqual([
      ['Koperasi Gula Rakyat', 2, 2, 7, 98_000],
      ['Koperasi Tani Mulus', 2, 2, 30, 330_000],
    ]);
    const rice = await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(riceManager)).expect(200);
    expect(rice.body.map((po: any) => po.cooperative.name)).toEqual(['Koperasi Tani Mulus']);
    const sugar = await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(sugarManager)).expect(200);
    expect(sugar.body.map((po: any) => po.cooperative.name)).toEqual(['Koperasi Gula Rakyat']);
    expect(sugar.body[0].ordered.products[0].packs.map((k: any) => [k.sizeKg, k.packs])).toEqual([
      [1, 3],
      [2, 2],
    ]);
    await ctx.http.get(`/purchase-orders/${rice.body[0].id}`).set(bearer(sugarManager)).expect(403);
  });

  it('confirms exactly once under concurrent requests on two instances, and the wave waits for every cooperative', async () => {
    const [ricePo] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(riceManager)).expect(200)).body;
    const [sugarPo] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(sugarManager)).expect(200)).body;
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const app = ctx.apps[i % 2];
        return request(app.getHttpServer()).post(`/purchase-orders/${ricePo.id}/confirm`).set(bearer(riceManager)).send({});
      }),
    );
    expect(attempts.map((r: any) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect((await ctx.http.get(`/waves/${wave.id}`).set(bearer(ref.adminToken)).expect(200)).body.status).toBe('ordered');

    const confirmed = await ctx.http.post(`/purchase-orders/${sugarPo.id}/confirm`).set(bearer(sugarManager)).send({}).expect(200);
    expect(confirmed.body.wave.status).toBe('confirmed');
    const events = await sql(
      ctx.databaseUrl,
      `SELECT type, count(*)::int AS n FROM wave_events WHERE wave_id = $1 GROUP BY type ORDER BY type`,
      [wave.id],
    );
    expect(events).toEqual([
      { type: 'closed', n: 1 },
      { type: 'confirmed', n: 1 },
      { type: 'opened', n: 1 },
      { type: 'ordered', n: 1 },
      { type: 'published', n: 1 },
    ]);
  });
});

describe('Purchase orders at the edges', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let manager: string;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    manager = await createUser(ctx, ref.adminToken, 'pengurus', { role: 'COOP_MANAGER', cooperativeId: ref.cooperativeId });
  });

  afterAll(() => ctx.close());

  it('documents the routes in the OpenAPI document', async () => {
    const document = await ctx.http.get('/docs-json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/waves/{id}/purchase-orders',
        '/purchase-orders/{id}',
        '/purchase-orders/{id}.csv',
        '/purchase-orders/{id}.pdf',
        '/purchase-orders/{id}/confirm',
        '/purchase-orders/{id}/shipments',
        '/purchase-orders/{id}/invoice',
        '/orders/{id}/amendments',
        '/reports/waves',
        '/reports/waves.csv',
        '/reports/waves/{id}',
        '/reports/waves/{id}.csv',
      ]),
    );
  });

  it('completes a wave that closes with no standing order, without a purchase order', async () => {
    const wave = await createWave(ctx, ref, { closesInMs: 1_500 });
    await closeWave(ctx, wave);
    const shown = await ctx.http.get(`/waves/${wave.id}`).set(bearer(ref.adminToken)).expect(200);
    expect(shown.body.status).toBe('completed');
    expect((await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(ref.adminToken)).expect(200)).body).toEqual([]);
    const events = await sql(ctx.databaseUrl, 'SELECT type, data FROM wave_events WHERE wave_id = $1 ORDER BY created_at, type', [wave.id]);
    expect(events).toEqual([
      { type: 'published', data: {} },
      { type: 'opened', data: {} },
      { type: 'closed', data: { reason: 'schedule' } },
      { type: 'completed', data: { from: 'closed', reason: 'no_orders' } },
    ]);
  });

  it('refuses a shortfall once the payment deadline has passed, but still takes a plain confirmation', async () => {
    const [buyer] = await registerBuyers(ctx, 1, 500);
    const now = Date.now();
    const closesAt = new Date(now + 2_000);
    const created = await ctx.http
      .post('/waves')
      .set(bearer(ref.adminToken))
      .send({
        name: 'Gelombang kilat',
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: closesAt.toISOString(),
        handOutDate: new Date(closesAt.getTime() + 86_400_000).toISOString().slice(0, 10),
        paymentDeadline: new Date(closesAt.getTime() + 1_000).toISOString(),
        droppingPointIds: [ref.points[0].id],
        products: [{ productId: ref.productId, capacityKg: 500, perBuyerLimitKg: 40 }],
      })
      .expect(201);
    const wave = (await ctx.http.post(`/waves/${created.body.id}/publish`).set(bearer(ref.adminToken)).expect(200)).body;
    await order(ctx, wave, buyer, ref.points[0].id, { 20: 2 });
    await closeWave(ctx, wave);
    await sleepUntil(closesAt.getTime() + 1_100);
    const [po] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(manager)).expect(200)).body;
    const late = await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(bearer(manager))
      .send({ shortfalls: [{ productId: ref.productId, kg: 20 }] })
      .expect(409);
    expect(late.body.code).toBe('SHORTFALL_TOO_LATE');
    const shipFirst = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(bearer(manager))
      .send({ droppingPointId: ref.points[0].id })
      .expect(409);
    expect(shipFirst.body.code).toBe('INVALID_TRANSITION');
    const plain = await ctx.http.post(`/purchase-orders/${po.id}/confirm`).set(bearer(manager)).send({}).expect(200);
    expect(plain.body.status).toMatch(/^(confirmed|shipped)$/);
  });
});

/**
 * The text drawn on a PDF's pages: pdfkit (uncompressed) writes each line as a TJ array of hex
 * strings with kerning numbers between them, in the standard fonts' WinAnsi encoding.
 */
function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    lines.push([...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1], 'hex').toString('latin1')).join(''));
  }
  return lines.join('\n');
}
