import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { createOfficer, placeOrder, Staff } from './desk-fixtures';

/**
 * The offline desk sends its queued actions again when the connection returns, each with its own
 * Idempotency-Key: payments, hand-overs and goods receipts happen once however often they arrive.
 */
describe('Desk: Idempotency-Key on payments, hand-overs and goods receipts', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let officer: Staff;
  let colleague: Staff;
  let wave: any;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 12, 700);
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
    colleague = await createOfficer(ctx, ref, 'petugas.kemenkop2', [ref.points[0].id]);
    wave = await createWave(ctx, ref, { capacityKg: 2_000, perBuyerLimitKg: 40 });
  });

  afterAll(() => ctx.close());

  const payment = (token: string, orderId: string, body: object, key?: string) => {
    const req = ctx.http.post(`/orders/${orderId}/payments`).set(bearer(token));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const handover = (token: string, orderId: string, pickupCode: string, key?: string) => {
    const req = ctx.http.post(`/orders/${orderId}/handover`).set(bearer(token));
    return (key ? req.set('Idempotency-Key', key) : req).send({ pickupCode });
  };
  const count = async (table: string, orderId: string) =>
    (await sql<{ n: number }>(ctx.databaseUrl, `SELECT count(*)::int AS n FROM ${table} WHERE order_id = $1`, [orderId]))[0].n;

  it('a payment sent again with its key answers the first payment again and pays once', async () => {
    const order = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 10: 2 });
    const body = { method: 'CASH', amountRp: order.totalRp };
    const first = await payment(officer.token, order.id, body, 'desk-pay-1').expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await payment(officer.token, order.id, body, 'desk-pay-1').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(first.body).toMatchObject({ orderId: order.id, method: 'CASH', amountRp: 220_000 });
    expect(await count('payments', order.id)).toBe(1);
    // Without the key the second attempt is what it always was: already paid.
    const plain = await payment(officer.token, order.id, body).expect(409);
    expect(plain.body.code).toBe('ALREADY_PAID');
  });

  it('the same key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    const order = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 5: 1 });
    const other = await placeOrder(ctx, wave, buyers[2], ref.points[0].id, { 5: 1 });
    await payment(officer.token, order.id, { method: 'QRIS', amountRp: order.totalRp, reference: 'QR-001' }, 'desk-pay-2').expect(201);
    const otherReference = await payment(
      officer.token,
      order.id,
      { method: 'QRIS', amountRp: order.totalRp, reference: 'QR-002' },
      'desk-pay-2',
    ).expect(422);
    expect(otherReference.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherOrder = await payment(
      officer.token,
      other.id,
      { method: 'QRIS', amountRp: other.totalRp, reference: 'QR-001' },
      'desk-pay-2',
    ).expect(422);
    expect(otherOrder.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const asHandover = await handover(officer.token, order.id, order.pickupCode, 'desk-pay-2').expect(422);
    expect(asHandover.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('payments', other.id)).toBe(0);
    expect(await count('order_handovers', order.id)).toBe(0);
  });

  it('simultaneous copies of one payment pay once and all get the same answer', async () => {
    const order = await placeOrder(ctx, wave, buyers[3], ref.points[0].id, { 20: 1 });
    const body = { method: 'TRANSFER', amountRp: order.totalRp, reference: 'BNI-7781' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => payment(officer.token, order.id, body, 'desk-pay-3')));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    expect(await count('payments', order.id)).toBe(1);
  });

  it('a refused action keeps no key: the corrected request with the same key goes through', async () => {
    const order = await placeOrder(ctx, wave, buyers[4], ref.points[0].id, { 10: 1 });
    const wrong = await payment(officer.token, order.id, { method: 'CASH', amountRp: order.totalRp - 1 }, 'desk-pay-4').expect(400);
    expect(wrong.body.code).toBe('AMOUNT_MISMATCH');
    await payment(officer.token, order.id, { method: 'CASH', amountRp: order.totalRp }, 'desk-pay-4').expect(201);
    expect(await count('payments', order.id)).toBe(1);
  });

  it('keys belong to their officer: a colleague may use the same key for their own action', async () => {
    const mine = await placeOrder(ctx, wave, buyers[5], ref.points[0].id, { 5: 1 });
    const theirs = await placeOrder(ctx, wave, buyers[6], ref.points[0].id, { 5: 1 });
    await payment(officer.token, mine.id, { method: 'CASH', amountRp: mine.totalRp }, 'desk-shared-key').expect(201);
    const other = await payment(colleague.token, theirs.id, { method: 'CASH', amountRp: theirs.totalRp }, 'desk-shared-key').expect(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('payments', theirs.id)).toBe(1);
  });

  it('a hand-over sent again answers the first hand-over; a colleague handing the same order over later gets 409', async () => {
    const order = await placeOrder(ctx, wave, buyers[7], ref.points[0].id, { 10: 1 });
    await payment(officer.token, order.id, { method: 'CASH', amountRp: order.totalRp }).expect(201);
    const first = await handover(officer.token, order.id, order.pickupCode, 'desk-hand-1').expect(200);
    expect(first.body).toMatchObject({ id: order.id, status: 'picked_up', handoverStatus: 'handed_over' });
    // The code typed differently (lower case, no dash) is the same request.
    const again = await handover(officer.token, order.id, order.pickupCode.replace('-', '').toLowerCase(), 'desk-hand-1').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('order_handovers', order.id)).toBe(1);
    const late = await handover(colleague.token, order.id, order.pickupCode, 'desk-hand-colleague').expect(409);
    expect(late.body.code).toBe('INVALID_TRANSITION');
    const entries = await sql<{ n: number }>(
      ctx.databaseUrl,
      `SELECT count(*)::int AS n FROM audit_entries WHERE order_id = $1 AND action = 'order.handed_over'`,
      [order.id],
    );
    expect(entries[0].n).toBe(1);
  });

  it('a goods receipt sent again is recorded once; the same key with other packs is refused', async () => {
    const receiptWave = await createWave(ctx, ref, { capacityKg: 1_000, perBuyerLimitKg: 40 });
    const order = await placeOrder(ctx, receiptWave, buyers[8], ref.points[0].id, { 10: 1 });
    await payment(officer.token, order.id, { method: 'CASH', amountRp: order.totalRp }).expect(201);
    const send = (packs: { packId: string; quantity: number }[], key: string) =>
      ctx.http
        .post(`/dropping-points/${ref.points[0].id}/receipts`)
        .set(bearer(officer.token))
        .set('Idempotency-Key', key)
        .send({ waveId: receiptWave.id, packs });
    const packs = [
      { packId: packOf(receiptWave, 10), quantity: 4 },
      { packId: packOf(receiptWave, 5), quantity: 2 },
    ];
    const first = await send(packs, 'desk-receipt-1').expect(201);
    expect(first.body.ordersMadeReady).toBe(1);
    // The same packs listed in another order are the same receipt.
    const again = await send([...packs].reverse(), 'desk-receipt-1').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await send([{ packId: packOf(receiptWave, 10), quantity: 5 }], 'desk-receipt-1').expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const receipts = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM goods_receipts WHERE wave_id = $1', [
      receiptWave.id,
    ]);
    expect(receipts[0].n).toBe(1);
  });

  it('a malformed key is a 400 naming the header', async () => {
    const order = await placeOrder(ctx, wave, buyers[9], ref.points[0].id, { 5: 1 });
    const response = await payment(officer.token, order.id, { method: 'CASH', amountRp: order.totalRp }, 'x'.repeat(129)).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(response.body.details)).toContain('Idempotency-Key');
    expect(await count('payments', order.id)).toBe(0);
  });

  it('search finds an order by pickup code with or without the dash, by name, NIP and phone', async () => {
    const order = await placeOrder(ctx, wave, buyers[10], ref.points[0].id, { 5: 1 });
    const search = async (q: string) =>
      (
        await ctx.http
          .get(`/dropping-points/${ref.points[0].id}/search`)
          .query({ waveId: wave.id, q })
          .set(bearer(officer.token))
          .expect(200)
      ).body.map((row: { id: string }) => row.id);
    expect(await search(order.pickupCode)).toEqual([order.id]);
    expect(await search(order.pickupCode.replace('-', '').toLowerCase())).toEqual([order.id]);
    expect(await search('pegawai 710')).toEqual([order.id]);
    expect(await search(buyers[10].nip)).toEqual([order.id]);
    expect(await search('+62 812 0000 0710')).toEqual([order.id]);
    expect(await search('0812-0000-0710')).toEqual([order.id]);
    expect(await search('pe')).toEqual([]);
    // Another point's officer may not search here.
    const lenteng = await createOfficer(ctx, ref, 'petugas.lentengagung', [ref.points[1].id]);
    await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/search`)
      .query({ waveId: wave.id, q: 'pegawai' })
      .set(bearer(lenteng.token))
      .expect(403);
  });
});
