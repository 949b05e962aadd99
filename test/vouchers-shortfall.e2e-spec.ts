import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { placeOrder, PlacedOrder } from './desk-fixtures';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { pageLogin } from './web/support/forms';

/**
 * Issue 15: a shortfall refund says what goes back to the voucher and what in money. The money
 * freed by a cut goes back first from the cash-paid part, down to what the smaller total still
 * needs from cash; the rest goes back to the voucher. Each case has a wave of its own (one order,
 * cut partly), all closed together. Rice at Rp 11,000 per kg: 5 kg 55,000, 10 kg 110,000, 20 kg 220,000.
 */
describe('Vouchers and shortfall refunds', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let admin: Record<string, string>;
  let buyers: TestBuyer[];
  const cases: Record<string, { wave: any; buyer: TestBuyer; order: PlacedOrder; code?: string; confirmed?: any }> = {};

  async function voucherCode(faceValueRp: number): Promise<string> {
    const batch = await ctx.http
      .post('/voucher-batches')
      .set(admin)
      .send({
        programme: `Voucher kekurangan ${faceValueRp}`,
        faceValueRp,
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        eligibility: 'anyone',
        count: 1,
      })
      .expect(201);
    const csv = await ctx.http.get(`/voucher-batches/${batch.body.id}/codes.csv`).set(admin).expect(200);
    return csv.text.trim().split('\n')[1].split(',')[0];
  }

  const applyVoucher = (name: string, faceValueRp: number) =>
    voucherCode(faceValueRp).then(async (code) => {
      const { buyer, order } = cases[name];
      cases[name].code = code;
      return (await ctx.http.post(`/orders/${order.id}/voucher`).set(bearer(buyer.token)).send({ code }).expect(200)).body;
    });
  const payCash = (name: string, amountRp: number) =>
    ctx.http.post(`/orders/${cases[name].order.id}/payments`).set(admin).send({ method: 'CASH', amountRp }).expect(201);

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    admin = bearer(ref.adminToken);
    buyers = await registerBuyers(ctx, 4, 900);
    const plan: [string, Record<number, number>][] = [
      ['fullVoucher', { 10: 1, 5: 1 }],
      ['partVoucherPaid', { 20: 1, 5: 1 }],
      ['partVoucherUnpaid', { 10: 1, 5: 1 }],
      ['cash', { 20: 1, 5: 1 }],
    ];
    for (const [index, [name, packs]] of plan.entries()) {
      const wave = await createWave(ctx, ref, { capacityKg: 100, closesInMs: 8_000 });
      cases[name] = { wave, buyer: buyers[index], order: await placeOrder(ctx, wave, buyers[index], ref.points[0].id, packs) };
    }
    // A voucher worth more than the order pays all of it (VOUCHER payment of 165,000).
    expect(await applyVoucher('fullVoucher', 300_000)).toMatchObject({
      orderStatus: 'paid',
      voucher: { amountRp: 165_000, paidAll: true },
    });
    // 100,000 by voucher, 175,000 in cash.
    expect(await applyVoucher('partVoucherPaid', 100_000)).toMatchObject({ dueRp: 175_000 });
    await payCash('partVoucherPaid', 175_000);
    // 100,000 by voucher, 65,000 still owed and not paid.
    expect(await applyVoucher('partVoucherUnpaid', 100_000)).toMatchObject({ dueRp: 65_000 });
    await payCash('cash', 275_000);

    const closesAt = Math.max(...Object.values(cases).map((c) => new Date(c.wave.closesAt).getTime()));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, closesAt + 1_050 - Date.now())));
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const shortKg: Record<string, number> = { fullVoucher: 5, partVoucherPaid: 20, partVoucherUnpaid: 10, cash: 20 };
    for (const [name, kg] of Object.entries(shortKg)) {
      const [po] = (await ctx.http.get(`/waves/${cases[name].wave.id}/purchase-orders`).set(admin).expect(200)).body;
      cases[name].confirmed = (
        await ctx.http
          .post(`/purchase-orders/${po.id}/confirm`)
          .set(admin)
          .send({ shortfalls: [{ productId: ref.productId, kg }] })
          .expect(200)
      ).body;
    }
  }, 60_000);

  afterAll(() => ctx.close());

  const amendments = async (name: string) =>
    (await ctx.http.get(`/orders/${cases[name].order.id}/amendments`).set(bearer(cases[name].buyer.token)).expect(200)).body;
  const voucherOf = async (name: string) =>
    (await ctx.http.get(`/orders/${cases[name].order.id}/voucher`).set(bearer(cases[name].buyer.token)).expect(200)).body;
  const cash = async (name: string) =>
    (await ctx.http.get(`/waves/${cases[name].wave.id}/cash`).set(admin).expect(200)).body.reconciliation;
  const cutsOf = (name: string) =>
    sql<{ amount_rp: string; refund_due_rp: string; voucher_back_rp: string }>(
      ctx.databaseUrl,
      'SELECT amount_rp, refund_due_rp, voucher_back_rp FROM shortfall_cuts WHERE order_id = $1',
      [cases[name].order.id],
    );
  /** The buyer's order page, logged in through the pages (buyers 900.. have password-900..). */
  const orderPage = async (name: string) => {
    const index = buyers.indexOf(cases[name].buyer);
    const cookie = await pageLogin(ctx, cases[name].buyer.nip, `password-${900 + index}`);
    return (await ctx.http.get(`/pesanan/${cases[name].order.id}`).set('cookie', cookie).expect(200)).text;
  };
  const auditOf = async (name: string) =>
    (
      await sql<{ details: any }>(
        ctx.databaseUrl,
        `SELECT details FROM audit_entries WHERE order_id = $1 AND action = 'order.reduced_for_shortfall'`,
        [cases[name].order.id],
      )
    )[0].details;

  it('a cut of an order a voucher paid whole owes no money back: the cut goes back to the voucher', async () => {
    expect(cases.fullVoucher.confirmed.amendments[0]).toMatchObject({ ordersCancelled: 0, refundDueRp: 0, voucherBackRp: 55_000 });
    expect(await cutsOf('fullVoucher')).toEqual([{ amount_rp: '55000', refund_due_rp: '0', voucher_back_rp: '55000' }]);
    expect((await amendments('fullVoucher')).amendments).toMatchObject([{ amountRpCut: 55_000, refundDueRp: 0, voucherBackRp: 55_000 }]);
    expect(await voucherOf('fullVoucher')).toMatchObject({
      orderStatus: 'paid',
      totalRp: 110_000,
      dueRp: 0,
      voucher: { amountRp: 110_000, paidAll: true },
      voucherBackRp: 55_000,
    });
    expect(await auditOf('fullVoucher')).toMatchObject({ refundDueRp: 0, voucherBackRp: 55_000 });
    const page = await orderPage('fullVoucher');
    expect(page).toMatch(/data-testid="voucher-back"><span>Dikembalikan ke voucher karena pasokan kurang<\/span> <span>Rp 55\.000</);
    expect(page).toContain('Voucher membayar seluruh pesanan.');
    // The VOUCHER payment is what the voucher still pays: the desk owes nothing and balances.
    expect(await cash('fullVoucher')).toMatchObject({ refundDueRp: 0, paidOrdersRp: 110_000, standingPaymentsRp: 110_000, balanced: true });
    const report = await ctx.http.get('/vouchers/report?programme=Voucher kekurangan 300000').set(admin).expect(200);
    expect(report.body.map((row: any) => row.spentRp)).toEqual([110_000]);
    const byMethod = await ctx.http.get(`/waves/${cases.fullVoucher.wave.id}/payments-by-method`).set(admin).expect(200);
    expect(byMethod.body).toMatchObject({ voucherRp: 110_000, cashRp: 0, paidOrdersRp: 110_000, balanced: true });
  });

  it('a cut of an order paid partly by voucher, partly in cash, owes the cash over the new total; the rest goes back to the voucher', async () => {
    // 275,000 = 100,000 voucher + 175,000 cash; 20 kg (220,000) cut leaves 55,000, all of it still covered by the voucher.
    expect(cases.partVoucherPaid.confirmed.amendments[0]).toMatchObject({ refundDueRp: 175_000, voucherBackRp: 45_000 });
    expect(await cutsOf('partVoucherPaid')).toEqual([{ amount_rp: '220000', refund_due_rp: '175000', voucher_back_rp: '45000' }]);
    expect((await amendments('partVoucherPaid')).amendments).toMatchObject([{ refundDueRp: 175_000, voucherBackRp: 45_000 }]);
    expect(await voucherOf('partVoucherPaid')).toMatchObject({
      totalRp: 55_000,
      voucher: { amountRp: 55_000, paidAll: false },
      voucherBackRp: 45_000,
    });
    expect(await auditOf('partVoucherPaid')).toMatchObject({ refundDueRp: 175_000, voucherBackRp: 45_000 });
    expect(await cash('partVoucherPaid')).toMatchObject({ refundDueRp: 175_000, standingPaymentsRp: 175_000, balanced: true });
  });

  it('a cut of an unpaid order partly covered by a voucher owes no refund, and the order owes nothing (not below 0)', async () => {
    // 165,000 = 100,000 voucher + 65,000 due; 10 kg (110,000) cut leaves 55,000, under the voucher's part.
    expect(cases.partVoucherUnpaid.confirmed.amendments[0]).toMatchObject({ refundDueRp: 0, voucherBackRp: 45_000 });
    expect(await cutsOf('partVoucherUnpaid')).toEqual([{ amount_rp: '110000', refund_due_rp: '0', voucher_back_rp: '45000' }]);
    expect((await amendments('partVoucherUnpaid')).amendments).toMatchObject([{ refundDueRp: 0, voucherBackRp: 45_000 }]);
    expect(await voucherOf('partVoucherUnpaid')).toMatchObject({
      orderStatus: 'placed',
      totalRp: 55_000,
      dueRp: 0,
      voucher: { amountRp: 55_000 },
      voucherBackRp: 45_000,
    });
    expect(await cash('partVoucherUnpaid')).toMatchObject({ refundDueRp: 0, unpaidRp: 0, balanced: true });
    const page = await orderPage('partVoucherUnpaid');
    expect(page).toMatch(/data-testid="voucher-back">.*Rp 45\.000/);
    expect(page).toMatch(/data-testid="due">Rp 0</);
  });

  it('a plain cash order is refunded the whole cut, as before', async () => {
    expect(cases.cash.confirmed.amendments[0]).toMatchObject({ refundDueRp: 220_000, voucherBackRp: 0 });
    expect(await cutsOf('cash')).toEqual([{ amount_rp: '220000', refund_due_rp: '220000', voucher_back_rp: '0' }]);
    expect((await amendments('cash')).amendments).toMatchObject([{ refundDueRp: 220_000, voucherBackRp: 0 }]);
    expect(await voucherOf('cash')).toMatchObject({ voucher: null, voucherBackRp: 0 });
    expect(await orderPage('cash')).not.toContain('voucher-back');
    expect(await cash('cash')).toMatchObject({ refundDueRp: 220_000, paidOrdersRp: 55_000, standingPaymentsRp: 275_000, balanced: true });
  });
});
