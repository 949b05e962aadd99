import request from 'supertest';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { createOfficer, pay, placeOrder, Staff } from './desk-fixtures';

describe('Desk: orders list and payments', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let wave: any;
  let buyers: TestBuyer[];
  let officer: Staff;
  let colleague: Staff;
  let lentengOfficer: Staff;

  beforeAll(async () => {
    ctx = await startTestContext();
    await ctx.startInstance();
    ref = await referenceCase(ctx);
    wave = await createWave(ctx, ref, { capacityKg: 2_900, perBuyerLimitKg: 40 });
    buyers = await registerBuyers(ctx, 12, 100);
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
    colleague = await createOfficer(ctx, ref, 'petugas.kemenkop2', [ref.points[0].id]);
    lentengOfficer = await createOfficer(ctx, ref, 'petugas.lentengagung', [ref.points[1].id]);
  });

  afterAll(() => ctx.close());

  it("lists the orders of the officer's own point, filtered by payment state and searched by code, NIP or name", async () => {
    const a = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 10: 1, 5: 2 });
    const b = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 20: 1 });
    await placeOrder(ctx, wave, buyers[2], ref.points[1].id, { 5: 1 });
    await pay(ctx, officer.token, b);

    const all = await ctx.http.get(`/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}`).set(bearer(officer.token)).expect(200);
    expect(all.body.map((o: any) => o.id).sort()).toEqual([a.id, b.id].sort());
    expect(all.headers['x-total-count']).toBe('2');
    const shown = all.body.find((o: any) => o.id === a.id);
    expect(shown).toMatchObject({
      pickupCode: a.pickupCode,
      status: 'placed',
      paymentStatus: 'unpaid',
      handoverStatus: 'pending',
      fulfilment: 'pickup',
      totalKg: 20,
      totalRp: 220_000,
      buyer: { nip: buyers[0].nip, name: 'Pegawai 100', agency: 'Kementerian Koperasi dan UKM' },
      payment: null,
    });
    expect(shown.items.map((i: any) => [i.sizeKg, i.quantity])).toEqual([
      [5, 2],
      [10, 1],
    ]);

    const unpaid = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}&paymentStatus=unpaid`)
      .set(bearer(officer.token))
      .expect(200);
    expect(unpaid.body.map((o: any) => o.id)).toEqual([a.id]);
    const pending = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}&paymentStatus=PENDING`)
      .set(bearer(officer.token))
      .expect(200);
    expect(pending.body.map((o: any) => o.id)).toEqual([a.id]);
    const paid = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}&paymentStatus=PAID`)
      .set(bearer(officer.token))
      .expect(200);
    expect(paid.body.map((o: any) => o.id)).toEqual([b.id]);
    expect(paid.body[0].payment).toMatchObject({ method: 'CASH', amountRp: 220_000, receivedBy: 'petugas.kemenkop' });

    const typed = a.pickupCode.toLowerCase().replace('-', ' ');
    const byCode = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders`)
      .query({ waveId: wave.id, q: typed })
      .set(bearer(officer.token))
      .expect(200);
    expect(byCode.body.map((o: any) => o.id)).toEqual([a.id]);
    const byNip = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders`)
      .query({ q: buyers[1].nip })
      .set(bearer(officer.token))
      .expect(200);
    expect(byNip.body.map((o: any) => o.id)).toEqual([b.id]);
    const byName = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders`)
      .query({ q: 'pegawai 10', waveId: wave.id })
      .set(bearer(officer.token))
      .expect(200);
    expect(byName.body.map((o: any) => o.id).sort()).toEqual([a.id, b.id].sort());

    const points = await ctx.http.get('/me/dropping-points').set(bearer(lentengOfficer.token)).expect(200);
    expect(points.body.map((p: any) => p.name)).toEqual(['Lenteng Agung']);
    const other = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}`)
      .set(bearer(lentengOfficer.token))
      .expect(403);
    expect(other.body.code).toBe('FORBIDDEN');
    const bad = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders?paymentStatus=maybe&limit=0`)
      .set(bearer(officer.token))
      .expect(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['limit', 'paymentStatus']);
  });

  it('records a payment for exactly the order total, once', async () => {
    const order = await placeOrder(ctx, wave, buyers[3], ref.points[0].id, { 10: 2 });
    const wrong = await ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'TRANSFER', amountRp: 219_999 })
      .expect(400);
    expect(wrong.body.code).toBe('AMOUNT_MISMATCH');
    const paid = await ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'TRANSFER', amountRp: 220_000, reference: 'BRI-0042' })
      .expect(201);
    expect(paid.body).toMatchObject({
      orderId: order.id,
      method: 'TRANSFER',
      amountRp: 220_000,
      reference: 'BRI-0042',
      receivedBy: { userId: officer.id, username: 'petugas.kemenkop' },
      reversed: false,
      orderStatus: 'paid',
    });
    expect(paid.body.receivedAt).toMatch(/\+07:00$/);
    const again = await ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(colleague.token))
      .send({ method: 'CASH', amountRp: 220_000 })
      .expect(409);
    expect(again.body.code).toBe('ALREADY_PAID');
    const seen = await ctx.http.get(`/orders/${order.id}`).set(bearer(buyers[3].token)).expect(200);
    expect(seen.body.status).toBe('paid');

    const elsewhere = await ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(lentengOfficer.token))
      .send({ method: 'CASH', amountRp: 220_000 })
      .expect(404);
    expect(elsewhere.body.code).toBe('NOT_FOUND');
    await ctx.http
      .post('/orders/00000000-0000-4000-8000-000000000000/payments')
      .set(bearer(officer.token))
      .send({ method: 'CASH', amountRp: 1 })
      .expect(404);
    const invalid = await ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'GOLD', amountRp: -5, extra: true })
      .expect(400);
    expect(invalid.body.details.map((d: any) => d.field).sort()).toEqual(['amountRp', 'extra', 'method']);
  });

  it('refuses to pay a cancelled order', async () => {
    const order = await placeOrder(ctx, wave, buyers[4], ref.points[0].id, { 5: 1 });
    await ctx.http.post(`/orders/${order.id}/cancel`).set(bearer(buyers[4].token)).expect(200);
    const refused = await ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'CASH', amountRp: 55_000 })
      .expect(409);
    expect(refused.body.code).toBe('INVALID_TRANSITION');
  });

  it('lets exactly one of two officers confirming the same payment at once win, on two instances', async () => {
    const orders = await Promise.all([5, 6, 7, 8].map((i) => placeOrder(ctx, wave, buyers[i], ref.points[0].id, { 5: 1, 10: 1 })));
    for (const order of orders) {
      const attempts = await Promise.all(
        [officer, colleague, officer, colleague].map((who, k) =>
          request(ctx.apps[k % 2].getHttpServer())
            .post(`/orders/${order.id}/payments`)
            .set(bearer(who.token))
            .send({ method: k % 2 ? 'QRIS' : 'CASH', amountRp: order.totalRp }),
        ),
      );
      expect(attempts.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      for (const lost of attempts.filter((r) => r.status === 409)) expect(lost.body.code).toBe('ALREADY_PAID');
    }
    const rows = await sql<{ order_id: string; n: number }>(
      ctx.databaseUrl,
      'SELECT order_id, count(*)::int AS n FROM payments WHERE order_id = ANY ($1) GROUP BY 1',
      [orders.map((o) => o.id)],
    );
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1, 1]);
  });

  it('lets an administrator reverse a payment with a reason; the order can then be paid again', async () => {
    const order = await placeOrder(ctx, wave, buyers[9], ref.points[0].id, { 20: 1 });
    const paid = await pay(ctx, officer.token, order, 'QRIS');
    await ctx.http.post(`/payments/${paid.body.id}/reverse`).set(bearer(officer.token)).send({ reason: 'salah input' }).expect(403);
    await ctx.http.post(`/payments/${paid.body.id}/reverse`).set(bearer(ref.adminToken)).send({}).expect(400);
    const reversed = await ctx.http
      .post(`/payments/${paid.body.id}/reverse`)
      .set(bearer(ref.adminToken))
      .send({ reason: 'QRIS payment was never settled' })
      .expect(200);
    expect(reversed.body).toMatchObject({
      reversed: true,
      reversalReason: 'QRIS payment was never settled',
      orderStatus: 'placed',
      reversedBy: { username: 'admin' },
    });
    const twice = await ctx.http
      .post(`/payments/${paid.body.id}/reverse`)
      .set(bearer(ref.adminToken))
      .send({ reason: 'again' })
      .expect(409);
    expect(twice.body.code).toBe('INVALID_TRANSITION');
    await pay(ctx, colleague.token, order, 'CASH');
    const history = await ctx.http.get(`/orders/${order.id}/payments`).set(bearer(officer.token)).expect(200);
    expect(history.body.map((p: any) => [p.method, p.reversed])).toEqual([
      ['QRIS', true],
      ['CASH', false],
    ]);
  });

  it("keeps each officer's cash custody and reconciles it to the paid orders to the rupiah", async () => {
    const custodyWave = await createWave(ctx, ref, { capacityKg: 1_000, perBuyerLimitKg: 40 });
    const [o1, o2, o3, o4] = await Promise.all(
      [0, 1, 2, 3].map((i) => placeOrder(ctx, custodyWave, buyers[i], ref.points[0].id, { 10: 1 })),
    );
    await pay(ctx, officer.token, o1, 'CASH');
    await pay(ctx, officer.token, o2, 'CASH');
    await pay(ctx, officer.token, o3, 'TRANSFER');
    await pay(ctx, colleague.token, o4, 'QRIS');
    await placeOrder(ctx, custodyWave, buyers[4], ref.points[0].id, { 5: 1 });

    const mine = await ctx.http.get(`/waves/${custodyWave.id}/cash`).set(bearer(officer.token)).expect(200);
    expect(mine.body.officers).toEqual([
      {
        userId: officer.id,
        username: 'petugas.kemenkop',
        role: 'OFFICER',
        collected: { CASH: 220_000, TRANSFER: 110_000, QRIS: 0, VOUCHER: 0, totalRp: 330_000, payments: 3 },
        cashHandedOver: { pendingRp: 0, confirmedRp: 0 },
        refundsPaidOut: { refunds: 0, amountRp: 0 },
        cashHeldRp: 220_000,
      },
    ]);
    expect(mine.body.reconciliation).toBeUndefined();

    const tooMuch = await ctx.http
      .post(`/waves/${custodyWave.id}/cash-handovers`)
      .set(bearer(officer.token))
      .send({ amountRp: 220_001, recipient: 'TREASURER' })
      .expect(409);
    expect(tooMuch.body.code).toBe('CASH_NOT_HELD');
    const handed = await ctx.http
      .post(`/waves/${custodyWave.id}/cash-handovers`)
      .set(bearer(officer.token))
      .send({ amountRp: 200_000, recipient: 'TREASURER', recipientName: 'Bendahara program' })
      .expect(201);
    expect(handed.body).toMatchObject({
      amountRp: 200_000,
      recipient: 'TREASURER',
      confirmed: false,
      officer: { username: 'petugas.kemenkop' },
    });
    await ctx.http.post(`/cash-handovers/${handed.body.id}/confirm`).set(bearer(officer.token)).expect(403);
    const confirmed = await ctx.http.post(`/cash-handovers/${handed.body.id}/confirm`).set(bearer(ref.adminToken)).expect(200);
    expect(confirmed.body).toMatchObject({ confirmed: true, confirmedBy: { username: 'admin' } });
    const twice = await ctx.http.post(`/cash-handovers/${handed.body.id}/confirm`).set(bearer(ref.adminToken)).expect(409);
    expect(twice.body.code).toBe('INVALID_TRANSITION');
    await ctx.http
      .post(`/waves/${custodyWave.id}/cash-handovers`)
      .set(bearer(officer.token))
      .send({ amountRp: 20_000, recipient: 'cooperative' })
      .expect(201);

    const all = await ctx.http.get(`/waves/${custodyWave.id}/cash`).set(bearer(ref.adminToken)).expect(200);
    const byName = Object.fromEntries(all.body.officers.map((o: any) => [o.username, o]));
    expect(byName['petugas.kemenkop']).toMatchObject({ cashHandedOver: { pendingRp: 20_000, confirmedRp: 200_000 }, cashHeldRp: 0 });
    expect(byName['petugas.kemenkop2']).toMatchObject({
      collected: { CASH: 0, TRANSFER: 0, QRIS: 110_000, totalRp: 110_000, payments: 1 },
      cashHeldRp: 0,
    });
    expect(all.body.totals).toEqual({
      collected: { CASH: 220_000, TRANSFER: 110_000, QRIS: 110_000, VOUCHER: 0, totalRp: 440_000, payments: 4 },
      cashHandedOver: { pendingRp: 20_000, confirmedRp: 200_000 },
      refundsPaidOutRp: 0,
      cashHeldRp: 0,
    });
    expect(all.body.reconciliation).toEqual({
      paidOrders: 4,
      paidOrdersRp: 440_000,
      refundDueOrders: 0,
      refundDueRp: 0,
      refundPaidRp: 0,
      standingPaymentsRp: 440_000,
      unpaidOrders: 1,
      unpaidRp: 55_000,
      balanced: true,
    });
    const [db] = await sql<{ rp: number }>(
      ctx.databaseUrl,
      `SELECT sum(total_rp)::int AS rp FROM orders WHERE wave_id = $1 AND status = 'paid'`,
      [custodyWave.id],
    );
    expect(db.rp).toBe(all.body.totals.collected.totalRp);

    // A cancelled wave leaves its paid orders owed back: still balanced, to the rupiah.
    await ctx.http
      .post(`/waves/${custodyWave.id}/cancel`)
      .set(bearer(ref.adminToken))
      .send({ reason: 'Gudang koperasi kebanjiran' })
      .expect(200);
    const after = await ctx.http.get(`/waves/${custodyWave.id}/cash`).set(bearer(ref.adminToken)).expect(200);
    expect(after.body.reconciliation).toMatchObject({
      paidOrders: 0,
      paidOrdersRp: 0,
      refundDueOrders: 4,
      refundDueRp: 440_000,
      standingPaymentsRp: 440_000,
      balanced: true,
    });
    const owed = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders?waveId=${custodyWave.id}&paymentStatus=refund_due`)
      .set(bearer(officer.token))
      .expect(200);
    expect(owed.body).toHaveLength(4);
  });
});
