import { createOfficer, placeOrder, PlacedOrder, Staff } from './desk-fixtures';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyer, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

const CODE = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;

/** Programme vouchers through the HTTP API: issue, apply (all or part), spent once, given back, refused, reported. */
describe('Programme vouchers', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let wave: any;
  let buyers: TestBuyer[];
  let officer: Staff;
  let next = 0;
  const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    wave = await createWave(ctx, ref, { capacityKg: 2_900 });
    buyers = await registerBuyers(ctx, 12, 500);
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
  });
  afterAll(() => ctx.close());

  async function issue(body: Record<string, unknown>, expect = 201) {
    return (
      await ctx.http
        .post('/voucher-batches')
        .set(bearer(ref.adminToken))
        .send({
          programme: 'Voucher ASN Gelombang I',
          faceValueRp: 50_000,
          validUntil: inAMonth(),
          eligibility: 'anyone',
          count: 1,
          ...body,
        })
        .expect(expect)
    ).body;
  }

  async function codesOf(batchId: string): Promise<string[][]> {
    const csv = await ctx.http.get(`/voucher-batches/${batchId}/codes.csv`).set(bearer(ref.adminToken)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = csv.text.trim().split('\n');
    expect(header).toBe('code,programme,face_value_rp,valid_until,agency,nip,name');
    return lines.map((line) => line.split(','));
  }

  const oneCode = async (body: Record<string, unknown>) => (await codesOf((await issue(body)).id))[0][0];
  const apply = (buyer: TestBuyer, order: PlacedOrder, code: string) =>
    ctx.http.post(`/orders/${order.id}/voucher`).set(bearer(buyer.token)).send({ code });
  const order = async (packs: Record<number, number> = { 10: 2 }) => {
    const buyer = buyers[next++];
    return { buyer, order: await placeOrder(ctx, wave, buyer, ref.points[0].id, packs) };
  };
  const standingPayments = (orderId: string) =>
    sql<{ method: string; amount_rp: string; received_by: string }>(
      ctx.databaseUrl,
      `SELECT p.method, p.amount_rp, u.username AS received_by FROM payments p JOIN users u ON u.id = p.received_by_id
        WHERE p.order_id = $1 AND p.reversed_at IS NULL`,
      [orderId],
    );

  it('issues unique codes in bulk as CSV, and codes assigned to named civil servants', async () => {
    const batch = await issue({ count: 200 });
    expect(batch).toMatchObject({ programme: 'Voucher ASN Gelombang I', faceValueRp: 50_000, eligibility: 'anyone', count: 200 });
    const rows = await codesOf(batch.id);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((row) => row[0])).size).toBe(200);
    for (const row of rows) expect(row[0]).toMatch(CODE);
    expect(rows[0].slice(1, 3)).toEqual(['Voucher ASN Gelombang I', '50000']);

    const named = await issue({ count: undefined, assignTo: [{ nip: buyers[10].nip, name: 'Siti Rahmawati' }] });
    const [assigned] = await codesOf(named.id);
    expect(assigned.slice(5)).toEqual([buyers[10].nip, 'Siti Rahmawati']);

    // Only administrators issue; count or assignTo, not both; the agency only with eligibility=agency.
    await ctx.http.post('/voucher-batches').set(bearer(buyers[0].token)).send({}).expect(403);
    const both = await issue({ assignTo: [{ nip: buyers[10].nip }] }, 400);
    expect(both.details[0].field).toBe('count');
    expect((await issue({ agency: 'Bappenas' }, 400)).details[0].field).toBe('agency');
  });

  it('pays part of an order: the desk and QRIS then owe the rest, and the desk reconciliation still balances', async () => {
    const { buyer, order: placed } = await order();
    const code = await oneCode({});
    const applied = await apply(buyer, placed, code.toLowerCase().replace(/-/g, ' ')).expect(200);
    expect(applied.body).toMatchObject({
      orderStatus: 'placed',
      totalRp: 220_000,
      dueRp: 170_000,
      voucher: { code, amountRp: 50_000, paidAll: false },
    });
    // Applying it again to the same order changes nothing.
    expect((await apply(buyer, placed, code).expect(200)).body.dueRp).toBe(170_000);
    const wrong = await ctx.http
      .post(`/orders/${placed.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'CASH', amountRp: 220_000 })
      .expect(400);
    expect(wrong.body).toMatchObject({ code: 'AMOUNT_MISMATCH', details: [{ field: 'amountRp' }] });
    // VOUCHER is no method an officer may record.
    await ctx.http
      .post(`/orders/${placed.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'VOUCHER', amountRp: 170_000 })
      .expect(400);
    await ctx.http.post(`/orders/${placed.id}/payments`).set(bearer(officer.token)).send({ method: 'CASH', amountRp: 170_000 }).expect(201);
    expect(await standingPayments(placed.id)).toEqual([{ method: 'CASH', amount_rp: '170000', received_by: 'petugas.kemenkop' }]);
    const cash = await ctx.http.get(`/waves/${wave.id}/cash`).set(bearer(ref.adminToken)).expect(200);
    expect(cash.body.reconciliation.balanced).toBe(true);
  });

  it('pays a whole order through the standing payment path (method VOUCHER, received by the programme)', async () => {
    const { buyer, order: placed } = await order({ 5: 1 });
    const code = await oneCode({ faceValueRp: 100_000 });
    const applied = await apply(buyer, placed, code).expect(200);
    expect(applied.body).toMatchObject({ orderStatus: 'paid', dueRp: 0, voucher: { amountRp: 55_000, paidAll: true } });
    expect(await standingPayments(placed.id)).toEqual([{ method: 'VOUCHER', amount_rp: '55000', received_by: 'sistem.voucher' }]);
    // Paid: the desk cannot take money for it again.
    await ctx.http.post(`/orders/${placed.id}/payments`).set(bearer(officer.token)).send({ method: 'CASH', amountRp: 55_000 }).expect(409);
  });

  it('spends a voucher once when two orders race for it', async () => {
    const code = await oneCode({});
    const a = await order();
    const b = await order();
    const answers = await Promise.all([apply(a.buyer, a.order, code), apply(b.buyer, b.order, code)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body).toMatchObject({
      code: 'VOUCHER_ALREADY_SPENT',
      details: [{ field: 'code' }],
    });
    const standing = await sql<{ n: number }>(
      ctx.databaseUrl,
      `SELECT count(*)::int AS n FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id WHERE v.code = $1 AND r.released_at IS NULL`,
      [code],
    );
    expect(standing[0].n).toBe(1);
    // The database rule itself: a second standing redemption of the voucher is refused.
    await expect(
      sql(
        ctx.databaseUrl,
        `INSERT INTO voucher_redemptions (voucher_id, order_id, wave_id, amount_rp)
         SELECT v.id, $2, $3, 1 FROM vouchers v WHERE v.code = $1`,
        [code, a.order.id === answers[0].body.orderId ? b.order.id : a.order.id, wave.id],
      ),
    ).rejects.toThrow(/uq_voucher_redemptions_one_standing/);
  });

  it('gives the voucher back when the order is cancelled, while it is valid', async () => {
    const code = await oneCode({});
    const first = await order();
    await apply(first.buyer, first.order, code).expect(200);
    await ctx.http.post(`/orders/${first.order.id}/cancel`).set(bearer(first.buyer.token)).expect(200);
    const second = await placeOrder(ctx, wave, first.buyer, ref.points[0].id, { 5: 2 });
    expect((await apply(first.buyer, second, code).expect(200)).body).toMatchObject({ dueRp: 60_000, voucher: { code } });

    // Given back after its validity ended: it counts as expired and cannot be spent.
    await ctx.http.post(`/orders/${second.id}/cancel`).set(bearer(first.buyer.token)).expect(200);
    await sql(
      ctx.databaseUrl,
      `UPDATE voucher_batches SET valid_from = now() - interval '2 days', valid_until = now() - interval '1 day'
        WHERE id = (SELECT batch_id FROM vouchers WHERE code = $1)`,
      [code],
    );
    const third = await placeOrder(ctx, wave, first.buyer, ref.points[0].id, { 5: 1 });
    const expired = await apply(first.buyer, third, code).expect(409);
    expect(expired.body).toMatchObject({ code: 'VOUCHER_NOT_VALID', details: [{ field: 'code' }] });
  });

  it('refuses a voucher of another agency, of other NIPs or named for someone else, naming the field', async () => {
    const { buyer, order: placed } = await order();
    const bappenas = await oneCode({ eligibility: 'agency', agency: 'Badan Perencanaan Pembangunan Nasional' });
    const refused = await apply(buyer, placed, bappenas).expect(403);
    expect(refused.body).toMatchObject({ code: 'VOUCHER_NOT_ELIGIBLE', details: [{ field: 'agency' }] });
    const listed = await oneCode({ eligibility: 'nips', nips: [buyers[11].nip] });
    expect((await apply(buyer, placed, listed).expect(403)).body.details[0].field).toBe('nip');
    const named = await oneCode({ count: undefined, assignTo: [{ nip: buyers[11].nip }] });
    expect((await apply(buyer, placed, named).expect(403)).body.details[0].field).toBe('code');
    expect((await apply(buyer, placed, 'ZZZZ-ZZZZ-ZZZZ').expect(404)).body.details[0].field).toBe('code');
    expect((await apply(buyer, placed, 'bukan kode').expect(400)).body.details[0].field).toBe('code');
    // Its own agency's voucher is fine; another buyer cannot touch this order.
    const kemenkop = await oneCode({ eligibility: 'agency', agency: 'kementerian koperasi dan ukm' });
    await apply(buyers[11], placed, kemenkop).expect(404);
    await apply(buyer, placed, kemenkop).expect(200);
  });

  it('reports vouchers issued, spent and expired per agency', async () => {
    const programme = 'Voucher laporan';
    const lenteng = await registerBuyer(ctx, 777, 'Kementerian Desa');
    const batch = await issue({ programme, count: 3 });
    const [c1, c2] = (await codesOf(batch.id)).map((row) => row[0]);
    const expiredBatch = await issue({ programme, count: 2, eligibility: 'agency', agency: 'Kementerian Desa' });
    await sql(
      ctx.databaseUrl,
      `UPDATE voucher_batches SET valid_from = now() - interval '2 days', valid_until = now() - interval '1 day' WHERE id = $1`,
      [expiredBatch.id],
    );
    const mine = await order();
    await apply(mine.buyer, mine.order, c1).expect(200);
    const theirs = await placeOrder(ctx, wave, lenteng, ref.points[0].id, { 5: 1 });
    await apply(lenteng, theirs, c2).expect(200);
    await ctx.http.get('/vouchers/report').set(bearer(buyers[0].token)).expect(403);
    const report = (await ctx.http.get('/vouchers/report').query({ programme }).set(bearer(ref.adminToken)).expect(200)).body;
    expect(report).toEqual([
      { agency: 'Kementerian Desa', issued: 3, issuedRp: 150_000, spent: 1, spentRp: 50_000, expired: 2, expiredRp: 100_000, available: 0 },
      {
        agency: 'Kementerian Koperasi dan UKM',
        issued: 1,
        issuedRp: 50_000,
        spent: 1,
        spentRp: 50_000,
        expired: 0,
        expiredRp: 0,
        available: 0,
      },
      { agency: null, issued: 1, issuedRp: 50_000, spent: 0, spentRp: 0, expired: 0, expiredRp: 0, available: 1 },
    ]);
  });
  it("lets an officer apply a voucher at the desk of the order's point only, and reconciles the wave by method", async () => {
    const { buyer, order: placed } = await order();
    const code = await oneCode({});
    const other = await createOfficer(ctx, ref, 'petugas.lentengagung', [ref.points[1].id]);
    await ctx.http.post(`/orders/${placed.id}/voucher`).set(bearer(other.token)).send({ code }).expect(404);
    const applied = await ctx.http.post(`/orders/${placed.id}/voucher`).set(bearer(officer.token)).send({ code }).expect(200);
    expect(applied.body).toMatchObject({ dueRp: 170_000, voucher: { code } });
    expect((await ctx.http.get(`/orders/${placed.id}/voucher`).set(bearer(buyer.token)).expect(200)).body.dueRp).toBe(170_000);
    // The desk's order list prefills and checks what is still owed, not the total.
    const desk = await ctx.http.get(`/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}`).set(bearer(officer.token)).expect(200);
    expect(desk.body.find((row: any) => row.id === placed.id)).toMatchObject({ totalRp: 220_000, voucherRp: 50_000, dueRp: 170_000 });
    await ctx.http
      .post(`/orders/${placed.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'TRANSFER', amountRp: 170_000, reference: 'TRF-1' })
      .expect(201);

    await ctx.http.get(`/waves/${wave.id}/payments-by-method`).set(bearer(officer.token)).expect(403);
    const money = (await ctx.http.get(`/waves/${wave.id}/payments-by-method`).set(bearer(ref.adminToken)).expect(200)).body;
    expect(money.balanced).toBe(true);
    expect(money.transferRp).toBe(170_000);
    expect(money.voucherWholeOrdersRp).toBeGreaterThanOrEqual(55_000);
    expect(money.voucherPartOrdersRp).toBeGreaterThanOrEqual(100_000);
    expect(money.cashRp + money.transferRp + money.qrisRp + money.voucherRp).toBe(money.paidOrdersRp);
  });
  it('a cancelled wave gives back a voucher that paid a whole order: its payment is reversed, no cash is owed for it', async () => {
    const other = await createWave(ctx, ref, { capacityKg: 100 });
    const buyer = buyers[next++];
    const placed = await placeOrder(ctx, other, buyer, ref.points[0].id, { 5: 1 });
    const code = await oneCode({ faceValueRp: 100_000 });
    expect((await apply(buyer, placed, code).expect(200)).body.orderStatus).toBe('paid');
    await ctx.http.post(`/waves/${other.id}/cancel`).set(bearer(ref.adminToken)).send({ reason: 'Stok rusak karena banjir' }).expect(200);
    expect(await standingPayments(placed.id)).toEqual([]);
    const cash = await ctx.http.get(`/waves/${other.id}/cash`).set(bearer(ref.adminToken)).expect(200);
    expect(cash.body.reconciliation).toMatchObject({ refundDueRp: 0, balanced: true });
    // Back on the voucher: it pays another order.
    const again = await placeOrder(ctx, wave, buyer, ref.points[0].id, { 5: 1 });
    expect((await apply(buyer, again, code).expect(200)).body).toMatchObject({ orderStatus: 'paid', voucher: { code, amountRp: 55_000 } });
  });
});
