import request from 'supertest';
import { qrPng } from '../src/desk/handover.service';
import { DomainEvents, EventOf } from '../src/events/domain-events';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { createOfficer, pay, placeOrder, Staff } from './desk-fixtures';

describe('Desk: goods receipt, hand-over, no-shows, QR and pickup list', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let officer: Staff;
  let colleague: Staff;
  let lentengOfficer: Staff;
  const received: { event: Omit<EventOf<'goods.received'>, 'type'>; readyAtHook: number }[] = [];
  let failHook = false;

  beforeAll(async () => {
    ctx = await startTestContext();
    await ctx.startInstance();
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 16, 500);
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
    colleague = await createOfficer(ctx, ref, 'petugas.kemenkop2', [ref.points[0].id]);
    lentengOfficer = await createOfficer(ctx, ref, 'petugas.lentengagung', [ref.points[1].id]);
    // What the delivery module does: subscribe to goods received, inside the receipt's transaction.
    for (const app of ctx.apps) {
      app.get(DomainEvents).subscribe('goods.received', async (manager, { type: _type, ...event }) => {
        if (failHook) throw new Error('courier queue unavailable');
        const [row] = await manager.query(
          `SELECT count(*)::int AS n FROM orders WHERE wave_id = $1 AND dropping_point_id = $2 AND status = 'ready'`,
          [event.waveId, event.droppingPointId],
        );
        received.push({ event, readyAtHook: row.n });
      });
    }
  });

  afterAll(() => ctx.close());

  const receipt = (token: string, pointId: string, waveId: string, packs: { packId: string; quantity: number }[]) =>
    ctx.http.post(`/dropping-points/${pointId}/receipts`).set(bearer(token)).send({ waveId, packs });
  const status = async (orderId: string) =>
    (await sql<{ status: string }>(ctx.databaseUrl, 'SELECT status FROM orders WHERE id = $1', [orderId]))[0].status;

  it('records the goods that arrived, shows the shortfall, and makes paid orders ready first paid first served', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 2_000, perBuyerLimitKg: 40 });
    const first = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 10: 2 });
    const second = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 10: 1, 5: 1 });
    const third = await placeOrder(ctx, wave, buyers[2], ref.points[0].id, { 5: 2 });
    const unpaid = await placeOrder(ctx, wave, buyers[3], ref.points[0].id, { 20: 1 });
    const delivery = await placeOrder(ctx, wave, buyers[4], ref.points[0].id, { 5: 1 }, 'Jl. Kebagusan Raya No. 7, Pasar Minggu');
    await placeOrder(ctx, wave, buyers[5], ref.points[1].id, { 20: 1 });
    await pay(ctx, officer.token, first);
    await pay(ctx, officer.token, second);
    await pay(ctx, colleague.token, third);
    await pay(ctx, colleague.token, delivery, 'TRANSFER');

    // The cooperative brought two 10 kg packs too few and no 20 kg pack.
    const response = await receipt(officer.token, ref.points[0].id, wave.id, [
      { packId: packOf(wave, 5), quantity: 4 },
      { packId: packOf(wave, 10), quantity: 1 },
      { packId: packOf(wave, 20), quantity: 0 },
    ]).expect(201);
    expect(response.body).toMatchObject({
      waveId: wave.id,
      droppingPointId: ref.points[0].id,
      receivedBy: { username: 'petugas.kemenkop' },
      ordersMadeReady: 3,
      shortfall: { packs: 3, kg: 40 },
    });
    expect(response.body.stock.map((s: any) => [s.sizeKg, s.orderedPacks, s.paidPacks, s.receivedPacks, s.shortfallPacks])).toEqual([
      [5, 4, 4, 4, 0],
      [10, 3, 3, 1, 2],
      [20, 1, 0, 0, 1],
    ]);
    // first (2 x 10 kg) cannot be served by one 10 kg pack; second takes it and one 5 kg pack, third two more, the delivery order the last.
    expect(await status(first.id)).toBe('paid');
    expect(await status(second.id)).toBe('ready');
    expect(await status(third.id)).toBe('ready');
    expect(await status(delivery.id)).toBe('ready');
    expect(await status(unpaid.id)).toBe('placed');
    // The goods.received listener ran inside the receipt's transaction and already saw the orders ready.
    expect(received.at(-1)).toEqual({
      event: { waveId: wave.id, droppingPointId: ref.points[0].id, receiptId: response.body.id },
      readyAtHook: 3,
    });

    // The second truck brings the missing 10 kg packs: first becomes ready too.
    const more = await receipt(colleague.token, ref.points[0].id, wave.id, [{ packId: packOf(wave, 10), quantity: 2 }]).expect(201);
    expect(more.body.ordersMadeReady).toBe(1);
    expect(await status(first.id)).toBe('ready');
    const listed = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/receipts?waveId=${wave.id}`)
      .set(bearer(officer.token))
      .expect(200);
    expect(listed.body.receipts).toHaveLength(2);
    expect(listed.body.shortfall).toEqual({ packs: 1, kg: 20 });

    // A paid order whose packs are not there cannot be handed over.
    await pay(ctx, officer.token, unpaid);
    expect(await status(unpaid.id)).toBe('paid');
    const notThere = await ctx.http
      .post(`/orders/${unpaid.id}/handover`)
      .set(bearer(officer.token))
      .send({ pickupCode: unpaid.pickupCode })
      .expect(409);
    expect(notThere.body.code).toBe('GOODS_NOT_RECEIVED');
  });

  it('refuses receipts from another point, for packs of another wave, and rolls back when a hook fails', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const other = await createWave(ctx, ref, { capacityKg: 1_000 });
    const forbidden = await receipt(lentengOfficer.token, ref.points[0].id, wave.id, [{ packId: packOf(wave, 5), quantity: 1 }]).expect(
      403,
    );
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const foreign = await receipt(officer.token, ref.points[0].id, wave.id, [{ packId: packOf(other, 5), quantity: 1 }]).expect(400);
    expect(foreign.body.details).toEqual([{ field: 'packs.0.packId', messages: ['packId is not a pack of this wave'] }]);
    const twice = await receipt(officer.token, ref.points[0].id, wave.id, [
      { packId: packOf(wave, 5), quantity: 1 },
      { packId: packOf(wave, 5), quantity: 2 },
    ]).expect(400);
    expect(twice.body.details[0].field).toBe('packs.1.packId');
    await receipt(officer.token, ref.points[0].id, wave.id, [{ packId: packOf(wave, 5), quantity: -1 }]).expect(400);

    const order = await placeOrder(ctx, wave, buyers[6], ref.points[0].id, { 5: 1 });
    await pay(ctx, officer.token, order);
    failHook = true;
    try {
      await receipt(officer.token, ref.points[0].id, wave.id, [{ packId: packOf(wave, 5), quantity: 10 }]).expect(500);
    } finally {
      failHook = false;
    }
    const rows = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM goods_receipts WHERE wave_id = $1', [wave.id]);
    expect(rows[0].n).toBe(0);
    expect(await status(order.id)).toBe('paid');
  });

  it('hands packs over against the pickup code, only when paid, only once, only at the own point', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const order = await placeOrder(ctx, wave, buyers[7], ref.points[0].id, { 10: 1, 5: 1 });
    const unpaid = await ctx.http
      .post(`/orders/${order.id}/handover`)
      .set(bearer(officer.token))
      .send({ pickupCode: order.pickupCode })
      .expect(409);
    expect(unpaid.body.code).toBe('INVALID_TRANSITION');
    await pay(ctx, officer.token, order);

    const wrong = await ctx.http
      .post(`/orders/${order.id}/handover`)
      .set(bearer(officer.token))
      .send({ pickupCode: 'AAA-AAA' })
      .expect(400);
    expect(wrong.body.code).toBe('PICKUP_CODE_MISMATCH');
    const elsewhere = await ctx.http
      .post(`/orders/${order.id}/handover`)
      .set(bearer(lentengOfficer.token))
      .send({ pickupCode: order.pickupCode })
      .expect(404);
    expect(elsewhere.body.code).toBe('NOT_FOUND');
    await ctx.http.post(`/orders/${order.id}/handover`).set(bearer(buyers[7].token)).send({ pickupCode: order.pickupCode }).expect(403);

    // No receipt recorded at this point for this wave yet: the officer handing the packs over is the proof they are there.
    const typed = order.pickupCode.toLowerCase().replace('-', '');
    const handed = await ctx.http
      .post(`/orders/${order.id}/handover`)
      .set(bearer(officer.token))
      .send({ pickupCode: ` ${typed} ` })
      .expect(200);
    expect(handed.body).toMatchObject({
      id: order.id,
      status: 'picked_up',
      paymentStatus: 'paid',
      handoverStatus: 'handed_over',
      handover: { handedOverBy: 'petugas.kemenkop' },
    });
    const again = await ctx.http
      .post(`/orders/${order.id}/handover`)
      .set(bearer(colleague.token))
      .send({ pickupCode: order.pickupCode })
      .expect(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
    const seen = await ctx.http.get(`/orders/${order.id}`).set(bearer(buyers[7].token)).expect(200);
    expect(seen.body.status).toBe('picked_up');
  });

  it('lets exactly one of two officers handing over the same order at once win, on two instances', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const orders = await Promise.all([8, 9, 10].map((i) => placeOrder(ctx, wave, buyers[i], ref.points[0].id, { 5: 1 })));
    for (const order of orders) await pay(ctx, officer.token, order);
    await receipt(officer.token, ref.points[0].id, wave.id, [{ packId: packOf(wave, 5), quantity: 3 }]).expect(201);
    for (const order of orders) {
      const attempts = await Promise.all(
        [officer, colleague, officer, colleague].map((who, k) =>
          request(ctx.apps[k % 2].getHttpServer())
            .post(`/orders/${order.id}/handover`)
            .set(bearer(who.token))
            .send({ pickupCode: order.pickupCode }),
        ),
      );
      expect(attempts.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      for (const lost of attempts.filter((r) => r.status === 409)) expect(lost.body.code).toBe('INVALID_TRANSITION');
    }
    const rows = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM order_handovers WHERE order_id = ANY ($1)', [
      orders.map((o) => o.id),
    ]);
    expect(rows[0].n).toBe(3);
  });

  it('cancels a no-show who never paid, giving the kg back while the wave is open; a paid one is closed with a refund owed', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const noShow = await placeOrder(ctx, wave, buyers[11], ref.points[0].id, { 20: 1 });
    const paid = await placeOrder(ctx, wave, buyers[12], ref.points[0].id, { 20: 1 });
    await pay(ctx, officer.token, paid);
    await ctx.http.post(`/orders/${noShow.id}/no-show`).set(bearer(lentengOfficer.token)).send({}).expect(404);
    const cancelled = await ctx.http
      .post(`/orders/${noShow.id}/no-show`)
      .set(bearer(officer.token))
      .send({ note: 'Tidak membayar sampai hari pembagian' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'officer_non_payment', paymentStatus: 'cancelled' });
    const summary = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
    expect(summary.body.products[0].remainingKg).toBe(980);
    // A paid no-show is not a non-payment: the money is owed back (test/walkthrough-desk pays it out).
    const refunded = await ctx.http.post(`/orders/${paid.id}/no-show`).set(bearer(officer.token)).send({}).expect(200);
    expect(refunded.body).toMatchObject({ status: 'cancelled', cancelReason: 'no_show_refunded', paymentStatus: 'refund_due' });
    await ctx.http.post(`/orders/${noShow.id}/no-show`).set(bearer(officer.token)).send({}).expect(409);
  });

  it('serves the pickup code as a QR image to the buyer and the officers of the point only', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const order = await placeOrder(ctx, wave, buyers[13], ref.points[0].id, { 5: 1 });
    const image = await ctx.http.get(`/orders/${order.id}/qr.png`).set(bearer(buyers[13].token)).buffer(true).expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(Buffer.compare(image.body, await qrPng(order.pickupCode))).toBe(0);
    await ctx.http.get(`/orders/${order.id}/qr.png`).set(bearer(officer.token)).expect(200);
    const otherBuyer = await ctx.http.get(`/orders/${order.id}/qr.png`).set(bearer(buyers[14].token)).expect(404);
    expect(otherBuyer.body.code).toBe('NOT_FOUND');
    await ctx.http.get(`/orders/${order.id}/qr.png`).set(bearer(lentengOfficer.token)).expect(404);
    await ctx.http.get(`/orders/${order.id}/qr.png`).expect(401);
  });

  it('prints the pickup list of a point as CSV and as a page', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const a = await placeOrder(ctx, wave, buyers[14], ref.points[0].id, { 10: 1, 5: 2 });
    const b = await placeOrder(ctx, wave, buyers[15], ref.points[0].id, { 20: 1 }, 'Jl. Lenteng Agung Raya No. 10, Jagakarsa');
    const gone = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 5: 1 });
    await ctx.http.post(`/orders/${gone.id}/cancel`).set(bearer(buyers[0].token)).expect(200);
    await pay(ctx, officer.token, b, 'QRIS');

    const csv = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/pickup-list.csv?waveId=${wave.id}`)
      .set(bearer(officer.token))
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="pickup-list-.*\.csv"$/);
    expect(csv.text.trim().split('\r\n')).toEqual([
      'pickup_code,buyer,nip,agency,phone,packs,total_kg,total_rp,paid,fulfilment,delivery_address,status',
      `${a.pickupCode},Pegawai 514,${buyers[14].nip},Kementerian Koperasi dan UKM,081200000514,"2 x 5 kg, 1 x 10 kg",20,220000,no,pickup,,placed`,
      `${b.pickupCode},Pegawai 515,${buyers[15].nip},Kementerian Koperasi dan UKM,081200000515,1 x 20 kg,20,220000,yes,delivery,"Jl. Lenteng Agung Raya No. 10, Jagakarsa",paid`,
    ]);
    const page = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/pickup-list.html?waveId=${wave.id}`)
      .set(bearer(officer.token))
      .expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain(a.pickupCode);
    expect(page.text).toContain('Gedung Kementerian Koperasi dan UKM');
    expect(page.text).not.toContain(gone.pickupCode);

    await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/pickup-list.csv?waveId=${wave.id}`)
      .set(bearer(lentengOfficer.token))
      .expect(403);
    const missing = await ctx.http.get(`/dropping-points/${ref.points[0].id}/pickup-list.csv`).set(bearer(officer.token)).expect(400);
    expect(missing.body.details[0].field).toBe('waveId');
  });
});
