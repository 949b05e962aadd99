import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { createOfficer, pay, placeOrder, Staff } from './desk-fixtures';
import { DeliveryCase, deliveryCase, paidDeliveryOrder, receiveGoods, tripsOf } from './delivery-support';
import { SESSION_COOKIE } from '../src/auth/session';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { exposeForCallbacks, openQris, PaymentsSim, paymentsEnv, simQrOf, startPaymentsSim, waitFor } from './payments-support';

/**
 * Issue 17, the officer's steps a walked wave could not take: pay cash and hand over in one action,
 * a partial hand-over when packs are short, a paid no-show closed with its refund owed and paid out
 * at the desk from the officer's custody, surplus moved between points, courier fees per point and
 * wave, and an order half delivered that says so.
 */
describe('Walkthrough: the officer at the desk', () => {
  let c: DeliveryCase;
  let colleague: Staff;
  const point = () => c.ref.points[0].id;
  const lenteng = () => c.ref.points[1].id;
  const http = () => c.ctx.http;
  const packs = (wave: any, byKg: Record<number, number>) =>
    Object.entries(byKg).map(([size, quantity]) => ({ packId: packOf(wave, Number(size)), quantity }));
  const receive = (wave: any, pointId: string, token: string, byKg: Record<number, number>) =>
    http()
      .post(`/dropping-points/${pointId}/receipts`)
      .set(bearer(token))
      .send({ waveId: wave.id, packs: packs(wave, byKg) })
      .expect(201);
  const deskOrder = async (token: string, wave: any, pointId: string, code: string) => {
    const found = await http().get(`/dropping-points/${pointId}/orders?waveId=${wave.id}&q=${code}`).set(bearer(token)).expect(200);
    expect(found.body).toHaveLength(1);
    return found.body[0];
  };
  const custodyOf = async (token: string, waveId: string) =>
    (await http().get(`/waves/${waveId}/cash`).set(bearer(token)).expect(200)).body.officers[0];

  beforeAll(async () => {
    c = await deliveryCase({ COURIER_DRIVER: 'manual' }, 12);
    colleague = await createOfficer(c.ctx, c.ref, 'petugas-kemenkop-2', [c.ref.points[0].id]);
  });

  afterAll(() => c?.ctx.close());

  it('takes the exact cash and hands the packs over in one action, once, or does neither', async () => {
    const wave = await createWave(c.ctx, c.ref, { capacityKg: 2_000 });
    const order = await placeOrder(c.ctx, wave, c.buyers[0], point(), { 10: 2 });
    const url = `/orders/${order.id}/pay-and-handover`;
    const wrongCode = await http().post(url).set(bearer(c.officer.token)).send({ amountRp: 220_000, pickupCode: 'AAA-AAA' }).expect(400);
    expect(wrongCode.body).toMatchObject({ code: 'PICKUP_CODE_MISMATCH', details: [{ field: 'pickupCode' }] });
    const wrongAmount = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .send({ amountRp: 200_000, pickupCode: order.pickupCode })
      .expect(400);
    expect(wrongAmount.body).toMatchObject({
      code: 'AMOUNT_MISMATCH',
      details: [{ field: 'amountRp', messages: ['amountRp must be 220000'] }],
    });
    expect(await sql(c.ctx.databaseUrl, 'SELECT 1 FROM payments WHERE order_id = $1', [order.id])).toEqual([]);

    const send = () =>
      http()
        .post(url)
        .set(bearer(c.officer.token))
        .set('Idempotency-Key', `bayar-serahkan-${order.id}`)
        .send({ amountRp: 220_000, pickupCode: order.pickupCode.toLowerCase().replace('-', '') });
    const done = await send().expect(200);
    expect(done.body).toMatchObject({
      id: order.id,
      status: 'picked_up',
      paymentStatus: 'paid',
      handoverStatus: 'handed_over',
      dueRp: 0,
      payment: { method: 'CASH', amountRp: 220_000, receivedBy: 'petugas-kemenkop' },
      handover: { handedOverBy: 'petugas-kemenkop' },
      goods: { state: 'all', handedOverKg: 20, owedKg: 0, owedPacks: [] },
    });
    const again = await send().expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(done.body);
    expect(await sql(c.ctx.databaseUrl, 'SELECT method, amount_rp::int FROM payments WHERE order_id = $1', [order.id])).toEqual([
      { method: 'CASH', amount_rp: 220_000 },
    ]);
    const again2 = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .send({ amountRp: 220_000, pickupCode: order.pickupCode })
      .expect(409);
    expect(again2.body.code).toBe('ALREADY_PAID');
    expect(await custodyOf(c.officer.token, wave.id)).toMatchObject({ collected: { CASH: 220_000 }, cashHeldRp: 220_000 });
    await http().post(url).set(bearer(c.otherOfficer.token)).send({ amountRp: 220_000, pickupCode: order.pickupCode }).expect(404);

    // Goods recorded at the point without this order's pack: no hand-over, and no cash taken either.
    await receive(wave, point(), c.officer.token, { 20: 0 });
    const notHere = await placeOrder(c.ctx, wave, c.buyers[7], point(), { 20: 1 });
    const refused = await http()
      .post(`/orders/${notHere.id}/pay-and-handover`)
      .set(bearer(c.officer.token))
      .send({ amountRp: 220_000, pickupCode: notHere.pickupCode })
      .expect(409);
    expect(refused.body.code).toBe('GOODS_NOT_RECEIVED');
    expect(await sql(c.ctx.databaseUrl, 'SELECT status FROM orders WHERE id = $1', [notHere.id])).toEqual([{ status: 'placed' }]);
    expect(await sql(c.ctx.databaseUrl, 'SELECT 1 FROM payments WHERE order_id = $1', [notHere.id])).toEqual([]);
  });

  it('hands over fewer packs when the point is short, shows the rest owed, and hands the rest over later', async () => {
    const wave = await createWave(c.ctx, c.ref, { capacityKg: 2_000 });
    const order = await placeOrder(c.ctx, wave, c.buyers[1], point(), { 10: 2, 5: 1 });
    await pay(c.ctx, c.officer.token, order);
    // One 10 kg pack short: the order does not fit and stays paid.
    const short = await receive(wave, point(), c.officer.token, { 10: 1, 5: 1 });
    expect(short.body.ordersMadeReady).toBe(0);

    const url = `/orders/${order.id}/partial-handover`;
    const part = (body: object) =>
      http()
        .post(url)
        .set(bearer(c.officer.token))
        .send({ pickupCode: order.pickupCode, ...body });
    const tooMany = await part({ packs: packs(wave, { 10: 3 }) }).expect(400);
    expect(tooMany.body.details).toEqual([{ field: 'packs.0.quantity', messages: ['quantity must be at most 2 (still owed)'] }]);
    const notInOrder = await part({ packs: packs(wave, { 20: 1 }) }).expect(400);
    expect(notInOrder.body.details[0].field).toBe('packs.0.packId');
    const notThere = await part({ packs: packs(wave, { 10: 2 }) }).expect(409);
    expect(notThere.body).toMatchObject({ code: 'GOODS_NOT_RECEIVED', details: [{ field: 'packs.0.quantity' }] });

    const given = await part({ packs: packs(wave, { 10: 1, 5: 1 }) }).expect(200);
    const owedPacks = [{ packId: packOf(wave, 10), productName: 'Beras premium Indramayu', sizeKg: 10, quantity: 1 }];
    expect(given.body).toMatchObject({
      status: 'paid',
      paymentStatus: 'paid',
      handoverStatus: 'partial',
      handover: null,
      goods: { state: 'partly', handedOverKg: 15, owedKg: 10, owedPacks },
    });
    const again = await part({ packs: packs(wave, { 5: 1 }) }).expect(400);
    expect(again.body.details).toEqual([{ field: 'packs.0.quantity', messages: ['quantity must be at most 0 (still owed)'] }]);
    const buyerView = await http().get(`/orders/${order.id}`).set(bearer(c.buyers[1].token)).expect(200);
    expect(buyerView.body).toMatchObject({ status: 'paid', goods: { state: 'partly', handedOverKg: 15, owedKg: 10 } });
    expect(buyerView.body.goods.owedPacks).toEqual([{ packId: packOf(wave, 10), sizeKg: 10, quantity: 1 }]);
    const buyerPage = await http().get(`/pesanan/${order.id}`).set('cookie', `${SESSION_COOKIE}=${c.buyers[1].token}`).expect(200);
    expect(buyerPage.text).toContain(
      '<p data-testid="goods-owed">Sudah Anda terima: 15 kg. Masih menjadi hak Anda: 1 × 10 kg (10 kg), diserahkan setelah barangnya tiba.</p>',
    );
    const partial = await http()
      .get(`/dropping-points/${point()}/orders?waveId=${wave.id}&handoverStatus=partial`)
      .set(bearer(c.officer.token))
      .expect(200);
    expect(partial.body.map((o: any) => o.id)).toEqual([order.id]);
    const stock = await http().get(`/dropping-points/${point()}/receipts?waveId=${wave.id}`).set(bearer(c.officer.token)).expect(200);
    expect(stock.body.stock.map((s: any) => [s.sizeKg, s.orderedPacks, s.receivedPacks, s.handedOverPacks, s.shortfallPacks])).toEqual([
      [5, 1, 1, 1, 0],
      [10, 2, 1, 1, 1],
      [20, 0, 0, 0, 0],
    ]);
    expect(
      await sql(c.ctx.databaseUrl, `SELECT action FROM audit_entries WHERE order_id = $1 AND action LIKE 'order.handed%'`, [order.id]),
    ).toEqual([{ action: 'order.handed_over_in_part' }]);

    // The missing pack arrives: the order is ready for what it still needs, and the rest is handed over.
    const more = await receive(wave, point(), c.officer.token, { 10: 1 });
    expect(more.body.ordersMadeReady).toBe(1);
    const rest = await http()
      .post(`/orders/${order.id}/handover`)
      .set(bearer(c.officer.token))
      .send({ pickupCode: order.pickupCode })
      .expect(200);
    expect(rest.body).toMatchObject({
      status: 'picked_up',
      handoverStatus: 'handed_over',
      goods: { state: 'all', handedOverKg: 25, owedKg: 0 },
    });
    const after = await http().get(`/dropping-points/${point()}/receipts?waveId=${wave.id}`).set(bearer(c.officer.token)).expect(200);
    expect(after.body.stock.map((s: any) => [s.sizeKg, s.receivedPacks, s.handedOverPacks, s.shortfallPacks])).toEqual([
      [5, 1, 1, 0],
      [10, 2, 2, 0],
      [20, 0, 0, 0],
    ]);
  });

  it('closes a paid no-show with its refund owed, frees its packs, and pays the refund out of the officer cash', async () => {
    const wave = await createWave(c.ctx, c.ref, { capacityKg: 2_000 });
    const noShow = await placeOrder(c.ctx, wave, c.buyers[2], point(), { 10: 1 });
    const waiting = await placeOrder(c.ctx, wave, c.buyers[3], point(), { 10: 1 });
    await pay(c.ctx, c.officer.token, noShow);
    await pay(c.ctx, c.officer.token, waiting);
    await receive(wave, point(), c.officer.token, { 10: 1 });
    expect((await deskOrder(c.officer.token, wave, point(), waiting.pickupCode)).status).toBe('paid');

    const closed = await http()
      .post(`/orders/${noShow.id}/no-show`)
      .set(bearer(c.officer.token))
      .send({ note: 'Tidak datang sampai sore' })
      .expect(200);
    expect(closed.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'no_show_refunded',
      paymentStatus: 'refund_due',
      refund: { owedRp: 110_000, paidRp: 0 },
      goods: { state: 'none', owedPacks: [] },
    });
    // Its pack went to the paid order that was short.
    expect((await deskOrder(c.officer.token, wave, point(), waiting.pickupCode)).status).toBe('ready');
    const due = await http()
      .get(`/dropping-points/${point()}/orders?waveId=${wave.id}&paymentStatus=refund_due`)
      .set(bearer(c.officer.token))
      .expect(200);
    expect(due.body.map((o: any) => o.id)).toEqual([noShow.id]);
    const owedView = await http().get(`/orders/${noShow.id}`).set(bearer(c.buyers[2].token)).expect(200);
    expect(owedView.body.money).toMatchObject({ refundOwedRp: 110_000, refundPaidRp: 0 });
    const before = await custodyOf(c.officer.token, wave.id);
    expect(before).toMatchObject({ cashHeldRp: 220_000, refundsPaidOut: { refunds: 0, amountRp: 0 } });

    const url = `/orders/${noShow.id}/refund-payouts`;
    const wrong = await http().post(url).set(bearer(c.officer.token)).send({ amountRp: 100_000 }).expect(400);
    expect(wrong.body).toMatchObject({ code: 'AMOUNT_MISMATCH', details: [{ field: 'amountRp', messages: ['amountRp must be 110000'] }] });
    const empty = await http().post(url).set(bearer(colleague.token)).send({ amountRp: 110_000 }).expect(409);
    expect(empty.body).toMatchObject({ code: 'CASH_NOT_HELD', details: [{ field: 'amountRp', messages: ['amountRp must be at most 0'] }] });
    const paidOut = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .set('Idempotency-Key', `refund-${noShow.id}`)
      .send({ amountRp: 110_000, note: 'Diterima sendiri' })
      .expect(201);
    expect(paidOut.body).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded', refund: { owedRp: 0, paidRp: 110_000 } });
    const replay = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .set('Idempotency-Key', `refund-${noShow.id}`)
      .send({ amountRp: 110_000, note: 'Diterima sendiri' })
      .expect(201);
    expect(replay.body).toEqual(paidOut.body);
    const twice = await http().post(url).set(bearer(c.officer.token)).send({ amountRp: 110_000 }).expect(409);
    expect(twice.body.code).toBe('NO_REFUND_OWED');
    const buyerView = await http().get(`/orders/${noShow.id}`).set(bearer(c.buyers[2].token)).expect(200);
    expect(buyerView.body.money).toMatchObject({ refundOwedRp: 0, refundPaidRp: 110_000 });
    expect(buyerView.body.money.refunds).toEqual([
      {
        kind: 'order_cancelled',
        amountRp: 110_000,
        status: 'paid',
        paidAt: expect.any(String),
        reason: 'Diterima sendiri',
        reference: 'tunai di titik',
      },
    ]);

    expect(await custodyOf(c.officer.token, wave.id)).toMatchObject({
      collected: { CASH: 220_000 },
      refundsPaidOut: { refunds: 1, amountRp: 110_000 },
      cashHeldRp: 110_000,
    });
    const refunded = await http()
      .get(`/dropping-points/${point()}/orders?waveId=${wave.id}&paymentStatus=refunded`)
      .set(bearer(c.officer.token))
      .expect(200);
    expect(refunded.body.map((o: any) => o.id)).toEqual([noShow.id]);
    const admin = await http().get(`/waves/${wave.id}/cash`).set(bearer(c.ref.adminToken)).expect(200);
    expect(admin.body.totals).toMatchObject({ cashHeldRp: 110_000, refundsPaidOutRp: 110_000 });
    expect(admin.body.reconciliation).toMatchObject({
      paidOrders: 1,
      paidOrdersRp: 110_000,
      refundDueOrders: 0,
      refundDueRp: 0,
      refundPaidRp: 110_000,
      standingPaymentsRp: 220_000,
      balanced: true,
    });
    // Only what the officer still holds may be handed to the treasurer.
    const tooMuch = await http()
      .post(`/waves/${wave.id}/cash-handovers`)
      .set(bearer(c.officer.token))
      .send({ amountRp: 220_000, recipient: 'TREASURER' })
      .expect(409);
    expect(tooMuch.body.code).toBe('CASH_NOT_HELD');
    expect(await sql(c.ctx.databaseUrl, 'SELECT amount_rp::int, refund_id FROM refund_payouts WHERE order_id = $1', [noShow.id])).toEqual([
      { amount_rp: 110_000, refund_id: null },
    ]);
  });

  it('pays out at the desk what a shortfall cut from a paid order, once when sent twice at once', async () => {
    const wave = await createWave(c.ctx, c.ref, { capacityKg: 100, closesInMs: 6_000 });
    const order = await placeOrder(c.ctx, wave, c.buyers[8], point(), { 20: 1, 5: 1 });
    await pay(c.ctx, c.officer.token, order);
    await pay(c.ctx, colleague.token, await placeOrder(c.ctx, wave, c.buyers[9], point(), { 5: 1 }));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(wave.closesAt).getTime() + 1_050 - Date.now())));
    await c.ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await http().get(`/waves/${wave.id}/purchase-orders`).set(bearer(c.ref.adminToken)).expect(200)).body;
    await http()
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(bearer(c.ref.adminToken))
      .send({ shortfalls: [{ productId: c.ref.productId, kg: 20 }] })
      .expect(200);
    const cut = await deskOrder(c.officer.token, wave, point(), order.pickupCode);
    expect(cut).toMatchObject({ status: 'paid', paymentStatus: 'paid', totalKg: 5, refund: { owedRp: 220_000, paidRp: 0 } });

    const url = `/orders/${order.id}/refund-payouts`;
    // Two taps at once (no Idempotency-Key): the desk lock serves them one after the other.
    const both = await Promise.all([
      http().post(url).set(bearer(c.officer.token)).send({ amountRp: 220_000 }),
      http().post(url).set(bearer(c.officer.token)).send({ amountRp: 220_000 }),
    ]);
    expect(both.map((r) => [r.status, r.body.code ?? null]).sort()).toEqual([
      [201, null],
      [409, 'NO_REFUND_OWED'],
    ]);
    expect(await sql(c.ctx.databaseUrl, 'SELECT amount_rp::int FROM refund_payouts WHERE order_id = $1', [order.id])).toEqual([
      { amount_rp: 220_000 },
    ]);
    expect((await deskOrder(c.officer.token, wave, point(), order.pickupCode)).refund).toEqual({ owedRp: 0, paidRp: 220_000 });
    const admin = await http().get(`/waves/${wave.id}/cash`).set(bearer(c.ref.adminToken)).expect(200);
    // The cut took whole packs, last paid first: the colleague's 5 kg order went too, its money still owed back.
    expect(admin.body.reconciliation).toMatchObject({ refundDueOrders: 1, refundDueRp: 55_000, refundPaidRp: 220_000, balanced: true });
    expect(admin.body.officers.find((o: any) => o.username === 'petugas-kemenkop')).toMatchObject({ cashHeldRp: 55_000 });
    // The purchase order's shortfall figures agree: only the colleague's refund is still owed.
    const document = await http().get(`/purchase-orders/${po.id}`).set(bearer(c.ref.adminToken)).expect(200);
    expect(document.body.amendments.map((a: any) => a.refundDueRp)).toEqual([55_000]);
    const why = await http().get(`/orders/${order.id}/amendments`).set(bearer(c.ref.adminToken)).expect(200);
    expect(why.body.amendments.map((a: any) => a.refundDueRp)).toEqual([0]);
  });

  it('moves surplus packs to another point with a record at both ends and the stock right at both', async () => {
    const wave = await createWave(c.ctx, c.ref, { capacityKg: 2_000 });
    const here = await placeOrder(c.ctx, wave, c.buyers[4], point(), { 5: 1 });
    const there = await placeOrder(c.ctx, wave, c.buyers[5], lenteng(), { 5: 2 });
    await pay(c.ctx, c.officer.token, here);
    await pay(c.ctx, c.otherOfficer.token, there);
    await receive(wave, point(), c.officer.token, { 5: 4 });
    await receive(wave, lenteng(), c.otherOfficer.token, { 5: 0 });

    const url = `/dropping-points/${point()}/transfers`;
    const body = (byKg: Record<number, number>, to = lenteng()) => ({
      waveId: wave.id,
      toDroppingPointId: to,
      packs: packs(wave, byKg),
      note: 'Mobil kantor',
    });
    const notSurplus = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .send(body({ 5: 4 }))
      .expect(409);
    expect(notSurplus.body).toMatchObject({
      code: 'STOCK_NOT_SURPLUS',
      details: [{ field: 'packs.0.quantity', messages: ['quantity must be at most 3 (surplus at the point)'] }],
    });
    const same = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .send(body({ 5: 1 }, point()))
      .expect(400);
    expect(same.body.details[0].field).toBe('toDroppingPointId');
    await http()
      .post(url)
      .set(bearer(c.otherOfficer.token))
      .send(body({ 5: 1 }))
      .expect(403);

    const moved = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .set('Idempotency-Key', `pindah-${wave.id}`)
      .send(body({ 5: 2 }))
      .expect(201);
    expect(moved.body).toMatchObject({
      direction: 'out',
      from: { droppingPointId: point() },
      to: { droppingPointId: lenteng() },
      recordedBy: 'petugas-kemenkop',
      note: 'Mobil kantor',
      packs: [{ packId: packOf(wave, 5), sizeKg: 5, quantity: 2 }],
      ordersMadeReady: 1,
    });
    const row = (stock: any[]) =>
      stock
        .filter((s) => s.sizeKg === 5)
        .map((s) => [s.orderedPacks, s.receivedPacks, s.movedInPacks, s.movedOutPacks, s.shortfallPacks, s.surplusPacks])[0];
    expect(row(moved.body.from.stock)).toEqual([1, 4, 0, 2, 0, 1]);
    expect(row(moved.body.to.stock)).toEqual([2, 0, 2, 0, 0, 0]);
    const replay = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .set('Idempotency-Key', `pindah-${wave.id}`)
      .send(body({ 5: 2 }))
      .expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const out = await http().get(`/dropping-points/${point()}/receipts?waveId=${wave.id}`).set(bearer(c.officer.token)).expect(200);
    const into = await http().get(`/dropping-points/${lenteng()}/receipts?waveId=${wave.id}`).set(bearer(c.otherOfficer.token)).expect(200);
    expect(out.body.transfers.map((t: any) => [t.id, t.direction])).toEqual([[moved.body.id, 'out']]);
    expect(into.body.transfers.map((t: any) => [t.id, t.direction])).toEqual([[moved.body.id, 'in']]);
    expect(row(out.body.stock)).toEqual([1, 4, 0, 2, 0, 1]);
    expect(row(into.body.stock)).toEqual([2, 0, 2, 0, 0, 0]);
    expect((await deskOrder(c.otherOfficer.token, wave, lenteng(), there.pickupCode)).status).toBe('ready');
    expect(
      await sql(c.ctx.databaseUrl, `SELECT action, dropping_point_id FROM audit_entries WHERE entity_id = $1 ORDER BY action`, [
        moved.body.id,
      ]),
    ).toEqual([
      { action: 'stock.moved_in', dropping_point_id: lenteng() },
      { action: 'stock.moved_out', dropping_point_id: point() },
    ]);
    // What left is no longer there to move again.
    const gone = await http()
      .post(url)
      .set(bearer(c.officer.token))
      .send(body({ 5: 2 }))
      .expect(409);
    expect(gone.body.code).toBe('STOCK_NOT_SURPLUS');
  });

  it('shows an order half delivered as such, and totals the courier fees per point and wave', async () => {
    const order = await paidDeliveryOrder(c, c.buyers[6], { 20: 1, 10: 1 });
    await receiveGoods(c, c.officer.token);
    const trips = await tripsOf(c.ctx, order.id);
    expect(trips.map((t) => [t.part, t.kg, t.status])).toEqual([
      [1, 20, 'queued'],
      [2, 10, 'queued'],
    ]);
    const book = (tripId: string, bookingId: string, feeRp: number) =>
      http()
        .post(`/deliveries/${tripId}/booking`)
        .set(bearer(c.officer.token))
        .send({ bookingId, feeRp, trackingUrl: `https://courier.example/${bookingId}` })
        .expect(201);
    const progress = (tripId: string, event: object) =>
      http().post(`/deliveries/${tripId}/progress`).set(bearer(c.officer.token)).send(event).expect(200);
    await book(trips[0].id, 'GS-1', 18_000);
    await book(trips[1].id, 'GS-2', 15_000);
    await progress(trips[0].id, { event: 'delivered' });
    await progress(trips[1].id, { event: 'failed', reason: 'Alamat tidak ditemukan' });

    const delivery = await http().get(`/orders/${order.id}/delivery`).set(bearer(c.buyers[6].token)).expect(200);
    expect(delivery.body).toMatchObject({ orderStatus: 'ready', parts: 2, partsDelivered: 1, deliveredKg: 20, partlyDelivered: true });
    const mine = await http().get(`/orders/${order.id}`).set(bearer(c.buyers[6].token)).expect(200);
    expect(mine.body).toMatchObject({ status: 'ready', goods: { state: 'partly', handedOverKg: 20, owedKg: 10 } });
    expect(mine.body.goods.owedPacks).toEqual([{ packId: packOf(c.wave, 10), sizeKg: 10, quantity: 1 }]);
    const desk = await deskOrder(c.officer.token, c.wave, point(), order.pickupCode);
    expect(desk).toMatchObject({ status: 'ready', handoverStatus: 'partial', goods: { state: 'partly', handedOverKg: 20, owedKg: 10 } });
    const noShow = await http().post(`/orders/${order.id}/no-show`).set(bearer(c.officer.token)).send({}).expect(409);
    expect(noShow.body.code).toBe('INVALID_TRANSITION');

    const board = await http().get(`/dropping-points/${point()}/deliveries?waveId=${c.wave.id}`).set(bearer(c.officer.token)).expect(200);
    expect(board.body.courierFees).toEqual({ trips: 2, totalRp: 33_000 });
    const fees = await http().get(`/waves/${c.wave.id}/courier-fees`).set(bearer(c.ref.adminToken)).expect(200);
    expect(fees.body).toEqual({
      waveId: c.wave.id,
      trips: 2,
      totalRp: 33_000,
      points: [{ droppingPointId: point(), name: c.ref.points[0].name, trips: 2, totalRp: 33_000 }],
    });
    const elsewhere = await http().get(`/waves/${c.wave.id}/courier-fees`).set(bearer(c.otherOfficer.token)).expect(200);
    expect(elsewhere.body).toEqual({ waveId: c.wave.id, trips: 0, totalRp: 0, points: [] });
    await http().get(`/waves/${c.wave.id}/courier-fees`).set(bearer(c.buyers[6].token)).expect(403);

    // The failed part goes out again and arrives: the order is delivered, all of it with the buyer.
    await http()
      .post(`/dropping-points/${point()}/dispatch`)
      .set(bearer(c.officer.token))
      .send({ waveId: c.wave.id, orderIds: [order.id] })
      .expect(202);
    const again = (await tripsOf(c.ctx, order.id)).find((t) => t.part === 2 && t.status === 'queued')!;
    await book(again.id, 'GS-3', 15_000);
    await progress(again.id, { event: 'delivered' });
    const done = await http().get(`/orders/${order.id}`).set(bearer(c.buyers[6].token)).expect(200);
    expect(done.body).toMatchObject({ status: 'delivered', goods: { state: 'all', handedOverKg: 30, owedKg: 0 } });
    const total = await http().get(`/waves/${c.wave.id}/courier-fees`).set(bearer(c.officer.token)).expect(200);
    expect(total.body).toMatchObject({ trips: 3, totalRp: 48_000 });
  });
});

/** A refund owed for a QRIS payment the order could not take, paid out in cash at the desk (against the payments simulator). */
describe('Walkthrough: a gateway refund paid at the desk', () => {
  let sim: PaymentsSim;
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    sim = await startPaymentsSim();
    ctx = await startTestContext(paymentsEnv(sim));
    await exposeForCallbacks(ctx.apps[0], sim);
    ref = await referenceCase(ctx);
  });

  afterAll(async () => {
    await ctx?.close();
    await sim?.stop();
  });

  it('settles the refund of a QRIS payment made after the cash one, out of the officer cash', async () => {
    const wave = await createWave(ctx, ref);
    const [buyer] = await registerBuyers(ctx, 1);
    const officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
    const placed = await placeOrder(ctx, wave, buyer, ref.points[0].id, { 10: 2 });
    const opened = await openQris(ctx, buyer, placed.id);
    await pay(ctx, officer.token, placed);
    await sim.control('POST', `/_sim/qr_codes/${(await simQrOf(sim, opened.intent.id)).id}/pay`, {});
    const [owed] = await waitFor('the refund owed', async () => {
      const rows = (await ctx.http.get(`/refunds?waveId=${wave.id}&status=owed`).set(bearer(ref.adminToken)).expect(200)).body;
      return rows.length > 0 && rows;
    });
    expect(owed).toMatchObject({ orderId: placed.id, amountRp: 220_000, reason: 'already_paid', settled: false });

    const desk = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders?q=${placed.pickupCode}`)
      .set(bearer(officer.token))
      .expect(200);
    expect(desk.body[0]).toMatchObject({ status: 'paid', paymentStatus: 'paid', refund: { owedRp: 220_000, paidRp: 0 } });
    const paidOut = await ctx.http
      .post(`/orders/${placed.id}/refund-payouts`)
      .set(bearer(officer.token))
      .send({ amountRp: 220_000 })
      .expect(201);
    expect(paidOut.body).toMatchObject({ status: 'paid', paymentStatus: 'paid', refund: { owedRp: 0, paidRp: 220_000 } });

    const [settled] = (await ctx.http.get(`/refunds?waveId=${wave.id}&status=settled`).set(bearer(ref.adminToken)).expect(200)).body;
    expect(settled).toMatchObject({
      id: owed.id,
      settled: true,
      settledBy: 'petugas.kemenkop',
      settlementReference: expect.stringMatching(/^tunai di titik \(/),
    });
    await ctx.http.post(`/refunds/${owed.id}/settle`).set(bearer(ref.adminToken)).send({ reference: 'TRF-1' }).expect(409);
    const custody = (await ctx.http.get(`/waves/${wave.id}/cash`).set(bearer(officer.token)).expect(200)).body.officers[0];
    expect(custody).toMatchObject({ collected: { CASH: 220_000 }, refundsPaidOut: { refunds: 1, amountRp: 220_000 }, cashHeldRp: 0 });
    const qris = await ctx.http.get(`/waves/${wave.id}/qris/reconciliation`).set(bearer(ref.adminToken)).expect(200);
    expect(qris.body).toMatchObject({ refundsOwedRp: 0, refundsSettledRp: 220_000, balanced: true });
    const cash = await ctx.http.get(`/waves/${wave.id}/cash`).set(bearer(ref.adminToken)).expect(200);
    expect(cash.body.reconciliation).toMatchObject({ refundDueRp: 0, refundPaidRp: 0, balanced: true });
  });
});
