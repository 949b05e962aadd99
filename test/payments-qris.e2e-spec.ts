import { createOfficer, createTimedWave, pay, placeOrder, PlacedOrder, Staff } from './desk-fixtures';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { exposeForCallbacks, openQris, PaymentsSim, paymentsEnv, simQrOf, startPaymentsSim, waitFor } from './payments-support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const emvco = require('../payments-sim/emvco');

/** Paying by QRIS from the phone against the gateway simulator (a real process), and every callback fault. */
describe('QRIS through the payment gateway', () => {
  let sim: PaymentsSim;
  let ctx: TestContext;
  let ref: ReferenceCase;
  let wave: any;
  let buyers: TestBuyer[];
  let officer: Staff;
  let next = 0;

  beforeAll(async () => {
    sim = await startPaymentsSim();
    ctx = await startTestContext(paymentsEnv(sim));
    await exposeForCallbacks(ctx.apps[0], sim);
    ref = await referenceCase(ctx);
    wave = await createWave(ctx, ref);
    buyers = await registerBuyers(ctx, 15);
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
  });

  afterAll(async () => {
    await ctx?.close();
    await sim?.stop();
  });

  /** A fresh buyer's order of 2 x 10 kg (Rp 220.000) at the ministry's point. */
  async function order(): Promise<{ buyer: TestBuyer; order: PlacedOrder }> {
    const buyer = buyers[next++];
    return { buyer, order: await placeOrder(ctx, wave, buyer, ref.points[0].id, { 10: 2 }) };
  }

  const statusOf = async (orderId: string) =>
    (await sql<{ status: string }>(ctx.databaseUrl, 'SELECT status FROM orders WHERE id = $1', [orderId]))[0].status;
  const standing = (orderId: string) =>
    sql<{ method: string; amount_rp: string; received_by: string }>(
      ctx.databaseUrl,
      `SELECT p.method, p.amount_rp, u.username AS received_by FROM payments p JOIN users u ON u.id = p.received_by_id
        WHERE p.order_id = $1 AND p.reversed_at IS NULL`,
      [orderId],
    );
  const gatewayPayments = (orderId: string) =>
    sql<{ outcome: string; amount_rp: string; via: string }>(
      ctx.databaseUrl,
      'SELECT outcome, amount_rp, via FROM gateway_payments WHERE order_id = $1 ORDER BY received_at',
      [orderId],
    );
  const refunds = (orderId: string) =>
    sql<{ reason: string; amount_rp: string }>(
      ctx.databaseUrl,
      'SELECT reason, amount_rp FROM refunds WHERE order_id = $1 ORDER BY created_at',
      [orderId],
    );

  it('pays an order end to end through the API: a valid dynamic QRIS code, reused, paid once, seen by the desk', async () => {
    const { buyer, order: placed } = await order();
    expect(placed.totalRp).toBe(220_000);
    const opened = await openQris(ctx, buyer, placed.id);
    expect(opened).toMatchObject({
      orderId: placed.id,
      orderStatus: 'placed',
      paid: false,
      intent: { status: 'pending', amountRp: 220_000, expired: false },
    });
    const fields = emvco.parse(opened.intent.qrString);
    expect(fields['01']).toBe('12');
    expect(fields['53']).toBe('360');
    expect(fields['54']).toBe('220000');
    expect(emvco.crcValid(opened.intent.qrString)).toBe(true);
    expect(opened.intent.expiresAt).toMatch(/\+07:00$/);
    expect(Date.parse(opened.intent.expiresAt)).toBeLessThanOrEqual(Date.parse(wave.paymentDeadline));

    // Asking again shows the same code: one intent per order and amount.
    expect((await openQris(ctx, buyer, placed.id)).intent.id).toBe(opened.intent.id);
    const png = await ctx.http.get(`/orders/${placed.id}/qris.png`).set(bearer(buyer.token)).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.body.subarray(1, 4).toString()).toBe('PNG');
    // Another buyer's order is not theirs to pay.
    await ctx.http.post(`/orders/${placed.id}/qris`).set(bearer(buyers[13].token)).expect(404);

    const qr = await simQrOf(sim, opened.intent.id);
    const paid = await sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, {});
    expect(paid.callbacks[0].answers).toEqual([200]);

    expect((await ctx.http.get(`/orders/${placed.id}/qris`).set(bearer(buyer.token)).expect(200)).body).toMatchObject({
      orderStatus: 'paid',
      paid: true,
      intent: { status: 'paid' },
    });
    expect(await standing(placed.id)).toEqual([{ method: 'QRIS', amount_rp: '220000', received_by: 'sistem.qris' }]);
    const desk = await ctx.http.get(`/orders/${placed.id}/payments`).set(bearer(officer.token)).expect(200);
    expect(desk.body).toHaveLength(1);
    expect(desk.body[0]).toMatchObject({
      method: 'QRIS',
      amountRp: 220_000,
      reference: paid.payment.id,
      reversed: false,
      orderStatus: 'paid',
    });
    // The desk cannot take the money a second time.
    await ctx.http.post(`/orders/${placed.id}/payments`).set(bearer(officer.token)).send({ method: 'CASH', amountRp: 220_000 }).expect(409);
    await ctx.http.post(`/orders/${placed.id}/qris`).set(bearer(buyer.token)).expect(409);
  });

  it('takes a duplicated callback once', async () => {
    const { buyer, order: placed } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    const qr = await simQrOf(sim, opened.intent.id);
    const paid = await sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, { faults: ['duplicate'] });
    expect(paid.callbacks.map((c: { answers: number[] }) => c.answers)).toEqual([[200], [200]]);
    expect(await standing(placed.id)).toHaveLength(1);
    expect(await gatewayPayments(placed.id)).toHaveLength(1);
    expect(await refunds(placed.id)).toEqual([]);
    expect(await statusOf(placed.id)).toBe('paid');
  });

  it('refuses a forged callback: 401, nothing recorded', async () => {
    const { buyer, order: placed } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    const qr = await simQrOf(sim, opened.intent.id);
    const forged = await sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, { faults: ['forged'] });
    expect(forged.callbacks[0].answers).toEqual([401]);
    const missing = await ctx.http
      .post('/payments/xendit/callback')
      .send({ event: 'qr.payment', data: { id: 'qrpy_x', qr_id: qr.id, amount: 220_000, status: 'SUCCEEDED' } })
      .expect(401);
    expect(missing.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await statusOf(placed.id)).toBe('placed');
    expect(await gatewayPayments(placed.id)).toEqual([]);
  });

  it('records a wrong amount as a refund owed; the order is then paid by a fresh code', async () => {
    const { buyer, order: placed } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    const qr = await simQrOf(sim, opened.intent.id);
    await sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, { faults: ['wrong_amount'], amount: 219_000 });
    expect(await statusOf(placed.id)).toBe('placed');
    expect(await refunds(placed.id)).toEqual([{ reason: 'amount_mismatch', amount_rp: '219000' }]);

    const again = await openQris(ctx, buyer, placed.id);
    expect(again.intent.id).not.toBe(opened.intent.id);
    await sim.control('POST', `/_sim/qr_codes/${(await simQrOf(sim, again.intent.id)).id}/pay`, {});
    expect(await statusOf(placed.id)).toBe('paid');
    expect(await standing(placed.id)).toEqual([{ method: 'QRIS', amount_rp: '220000', received_by: 'sistem.qris' }]);
    expect((await gatewayPayments(placed.id)).map((g) => [g.outcome, g.amount_rp])).toEqual([
      ['refund_due', '219000'],
      ['applied', '220000'],
    ]);
  });

  it('refunds a QRIS payment for an order already paid in cash at the desk', async () => {
    const { buyer, order: placed } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    await pay(ctx, officer.token, placed);
    await sim.control('POST', `/_sim/qr_codes/${(await simQrOf(sim, opened.intent.id)).id}/pay`, {});
    expect(await standing(placed.id)).toEqual([{ method: 'CASH', amount_rp: '220000', received_by: 'petugas.kemenkop' }]);
    expect(await refunds(placed.id)).toEqual([{ reason: 'already_paid', amount_rp: '220000' }]);
  });

  it('refunds a late payment after the order was cancelled', async () => {
    const { buyer, order: placed } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    await ctx.http.post(`/orders/${placed.id}/cancel`).set(bearer(buyer.token)).expect(200);
    await sim.control('POST', `/_sim/qr_codes/${(await simQrOf(sim, opened.intent.id)).id}/pay`, {});
    expect(await statusOf(placed.id)).toBe('cancelled');
    expect(await standing(placed.id)).toEqual([]);
    expect(await refunds(placed.id)).toEqual([{ reason: 'order_cancelled', amount_rp: '220000' }]);
  });

  it('takes callbacks out of order: whichever comes first, the right amount is the payment and the wrong one is owed back', async () => {
    const { buyer, order: placed } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    const qr = await simQrOf(sim, opened.intent.id);
    const wrong = await sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, { faults: ['hold', 'wrong_amount'], amount: 200_000 });
    const right = await sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, { faults: ['hold', 'late'] });
    const released = await sim.control('POST', '/_sim/callbacks/release', { order: 'reverse' });
    expect(released.released.map((r: { paymentId: string; answers: number[] }) => [r.paymentId, r.answers])).toEqual([
      [right.payment.id, [200]],
      [wrong.payment.id, [200]],
    ]);
    expect(await standing(placed.id)).toEqual([{ method: 'QRIS', amount_rp: '220000', received_by: 'sistem.qris' }]);
    expect(await refunds(placed.id)).toEqual([{ reason: 'amount_mismatch', amount_rp: '200000' }]);
  });

  it('finds a payment whose callback was lost by asking the status API', async () => {
    const { buyer, order: placed } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    await sim.control('POST', `/_sim/qr_codes/${(await simQrOf(sim, opened.intent.id)).id}/pay`, { faults: ['lost'] });
    await waitFor('the reconcile job', async () => (await statusOf(placed.id)) === 'paid');
    expect(await gatewayPayments(placed.id)).toEqual([{ outcome: 'applied', amount_rp: '220000', via: 'status_api' }]);
  });

  it('survives the gateway being down: no code meanwhile (503), and a payment made before is taken in once it is back', async () => {
    const { buyer, order: placed } = await order();
    const { buyer: other, order: waiting } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    await sim.control('POST', '/_sim/down', { down: true });
    try {
      const refused = await openQris(ctx, other, waiting.id, 503);
      expect(refused.code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
      const paid = await sim.control('POST', `/_sim/qr_codes/${(await simQrOf(sim, opened.intent.id)).id}/pay`, {});
      expect(paid.callbacks[0].answers).toEqual([]);
      expect(await statusOf(placed.id)).toBe('placed');
    } finally {
      await sim.control('POST', '/_sim/down', { down: false });
    }
    await waitFor('the payment after the outage', async () => (await statusOf(placed.id)) === 'paid');
    expect(await gatewayPayments(placed.id)).toHaveLength(1);
    expect(await standing(placed.id)).toHaveLength(1);
    expect((await openQris(ctx, other, waiting.id)).intent.status).toBe('pending');
  });

  it('two callbacks and a desk cash payment racing for one order: exactly one payment stands, the rest is owed back', async () => {
    const { buyer, order: placed } = await order();
    const opened = await openQris(ctx, buyer, placed.id);
    const qr = await simQrOf(sim, opened.intent.id);
    const [first, second, desk] = await Promise.all([
      sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, {}),
      sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, { faults: ['late'] }),
      ctx.http.post(`/orders/${placed.id}/payments`).set(bearer(officer.token)).send({ method: 'CASH', amountRp: 220_000 }),
    ]);
    expect(first.callbacks[0].answers).toEqual([200]);
    expect(second.callbacks[0].answers).toEqual([200]);
    expect([201, 409]).toContain(desk.status);
    const stands = await standing(placed.id);
    expect(stands).toHaveLength(1);
    const owed = await refunds(placed.id);
    expect(owed.every((r) => r.reason === 'already_paid' && r.amount_rp === '220000')).toBe(true);
    // Cash won: both gateway payments are owed back; a gateway payment won: the other one is, and the desk took no cash.
    expect(owed).toHaveLength(desk.status === 201 ? 2 : 1);
    expect(stands[0].method).toBe(desk.status === 201 ? 'CASH' : 'QRIS');
  });

  it('refunds a payment made after the payment deadline, and reconciles every wave to the rupiah', async () => {
    const late = await createTimedWave(ctx, ref, { opensInMs: -60_000, closesInMs: 3_000, paymentDeadlineInMs: 6_000 });
    const buyer = buyers[next++];
    const placed = await placeOrder(ctx, late, buyer, ref.points[0].id, { 5: 1 });
    const opened = await openQris(ctx, buyer, placed.id);
    expect(Date.parse(opened.intent.expiresAt)).toBeLessThanOrEqual(Date.parse(late.paymentDeadline));
    expect(Date.parse(opened.intent.expiresAt)).toBeGreaterThan(Date.now());
    await waitFor('the deadline sweep', async () => (await statusOf(placed.id)) === 'cancelled');
    const qr = await simQrOf(sim, opened.intent.id);
    await expect(sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, {})).rejects.toThrow('409');
    await sim.control('POST', `/_sim/qr_codes/${qr.id}/pay`, { faults: ['late'] });
    expect(await refunds(placed.id)).toEqual([{ reason: 'deadline_passed', amount_rp: '55000' }]);

    for (const id of [wave.id, late.id]) {
      const rec = await ctx.http.get(`/waves/${id}/qris/reconciliation`).set(bearer(ref.adminToken)).expect(200);
      expect(rec.body.balanced).toBe(true);
      expect(rec.body.recordedRp).toBe(rec.body.gatewaySettledRp);
      const cash = await ctx.http.get(`/waves/${id}/cash`).set(bearer(ref.adminToken)).expect(200);
      expect(cash.body.reconciliation.balanced).toBe(true);
    }
    const lateRec = await ctx.http.get(`/waves/${late.id}/qris/reconciliation`).set(bearer(ref.adminToken)).expect(200);
    expect(lateRec.body).toMatchObject({ gatewayPayments: 1, gatewaySettledRp: 55_000, paidOrdersRp: 0, refundsOwedRp: 55_000 });

    const owed = await ctx.http.get(`/refunds?waveId=${late.id}&status=owed`).set(bearer(ref.adminToken)).expect(200);
    expect(owed.body).toHaveLength(1);
    const settled = await ctx.http
      .post(`/refunds/${owed.body[0].id}/settle`)
      .set(bearer(ref.adminToken))
      .send({ reference: 'TRF-0001' })
      .expect(200);
    expect(settled.body).toMatchObject({
      settled: true,
      settledBy: 'admin',
      settlementReference: 'TRF-0001',
      amountRp: 55_000,
      reason: 'deadline_passed',
    });
    await ctx.http.post(`/refunds/${owed.body[0].id}/settle`).set(bearer(ref.adminToken)).send({ reference: 'TRF-0001' }).expect(409);
    await ctx.http.post(`/refunds/${owed.body[0].id}/settle`).set(bearer(ref.adminToken)).send({}).expect(400);
    await ctx.http.get(`/refunds?waveId=${late.id}`).set(bearer(buyer.token)).expect(403);
  });
  it('asks QRIS for what a voucher leaves: the code for the rest pays the order, one on the old total is owed back', async () => {
    const { buyer, order: placed } = await order();
    const before = await openQris(ctx, buyer, placed.id);
    const batch = await ctx.http
      .post('/voucher-batches')
      .set(bearer(ref.adminToken))
      .send({
        programme: 'Voucher ASN',
        faceValueRp: 50_000,
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        eligibility: 'anyone',
        count: 1,
      })
      .expect(201);
    const csv = await ctx.http.get(`/voucher-batches/${batch.body.id}/codes.csv`).set(bearer(ref.adminToken)).expect(200);
    const code = csv.text.trim().split('\n')[1].split(',')[0];
    await ctx.http.post(`/orders/${placed.id}/voucher`).set(bearer(buyer.token)).send({ code }).expect(200);

    const rest = await openQris(ctx, buyer, placed.id);
    expect(rest.intent.amountRp).toBe(170_000);
    expect(emvco.parse(rest.intent.qrString)['54']).toBe('170000');
    // The code for the old total was closed; a payment on it all the same is owed back.
    await sim.control('POST', `/_sim/qr_codes/${(await simQrOf(sim, before.intent.id)).id}/pay`, {});
    expect(await refunds(placed.id)).toEqual([{ reason: 'amount_mismatch', amount_rp: '220000' }]);
    await sim.control('POST', `/_sim/qr_codes/${(await simQrOf(sim, rest.intent.id)).id}/pay`, {});
    expect(await statusOf(placed.id)).toBe('paid');
    expect(await standing(placed.id)).toEqual([{ method: 'QRIS', amount_rp: '170000', received_by: 'sistem.qris' }]);
    const reconciliation = await ctx.http.get(`/waves/${wave.id}/qris/reconciliation`).set(bearer(ref.adminToken)).expect(200);
    expect(reconciliation.body.balanced).toBe(true);
  });
});
