import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

/** Hundreds of simultaneous orders against a small capacity and one buyer's limit: exact totals afterwards. */
describe('Orders under concurrency', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 300);
  });

  afterAll(() => ctx.close());

  const order = (waveId: string, packId: string, token: string, quantity = 1, key?: string) => {
    const call = ctx.http.post(`/waves/${waveId}/orders`).set(bearer(token));
    if (key) call.set('Idempotency-Key', key);
    return call.send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId, quantity }] });
  };

  it('never sells more than the capacity: 300 buyers x 10 kg against 1,000 kg', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000, perBuyerLimitKg: 20 });
    const responses = await Promise.all(buyers.map((buyer) => order(wave.id, packOf(wave, 10), buyer.token)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 409)).toHaveLength(200);
    for (const refused of responses.filter((r) => r.status === 409)) expect(refused.body.code).toBe('CAPACITY_EXCEEDED');

    const [totals] = await sql<{ kg: number; orders: number }>(
      ctx.databaseUrl,
      `SELECT coalesce(sum(total_kg), 0)::int AS kg, count(*)::int AS orders FROM orders WHERE wave_id = $1 AND status = 'placed'`,
      [wave.id],
    );
    expect(totals).toEqual({ kg: 1_000, orders: 100 });
    const summary = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
    expect(summary.body.products[0]).toMatchObject({ orderedKg: 1_000, remainingKg: 0 });
    expect(summary.body.totals).toMatchObject({ orders: 100, kg: 1_000, valueRp: 11_000_000 });
  });

  it('fills the capacity exactly with mixed pack sizes spread over slices', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 2_000, perBuyerLimitKg: 40 });
    const sizes = [5, 10, 20];
    const responses = await Promise.all(buyers.map((buyer, i) => order(wave.id, packOf(wave, sizes[i % 3]), buyer.token)));
    const accepted = responses.filter((r) => r.status === 201).reduce((sum, r) => sum + r.body.totalKg, 0);
    // 300 buyers ask for 3,500 kg; whatever the interleaving, a correct service sells all 2,000 kg
    // as long as the smallest pack still fits, and never more.
    expect(accepted).toBeLessThanOrEqual(2_000);
    const [left] = await sql<{ kg: number }>(
      ctx.databaseUrl,
      'SELECT sum(remaining_kg)::int AS kg FROM wave_capacity_slices s JOIN wave_products wp ON wp.id = s.wave_product_id WHERE wp.wave_id = $1',
      [wave.id],
    );
    expect(left.kg).toBe(2_000 - accepted);
    expect(left.kg).toBeLessThan(5);
  });

  it('never lets one buyer pass the per-buyer limit: 200 simultaneous 5 kg orders against 40 kg', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 5_000, perBuyerLimitKg: 40 });
    const buyer = buyers[0];
    const responses = await Promise.all(Array.from({ length: 200 }, () => order(wave.id, packOf(wave, 5), buyer.token)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(8);
    const refused = responses.filter((r) => r.status === 409);
    expect(refused).toHaveLength(192);
    for (const response of refused) expect(response.body.code).toBe('BUYER_LIMIT_EXCEEDED');
    const [quota] = await sql<{ ordered_kg: number }>(
      ctx.databaseUrl,
      'SELECT ordered_kg FROM buyer_quotas WHERE buyer_id = $1 AND wave_product_id = $2',
      [buyer.id, wave.products[0].id],
    );
    expect(quota.ordered_kg).toBe(40);
  });

  it('makes one order of 100 simultaneous requests with the same Idempotency-Key', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 5_000, perBuyerLimitKg: 40 });
    const buyer = buyers[1];
    const responses = await Promise.all(Array.from({ length: 100 }, () => order(wave.id, packOf(wave, 10), buyer.token, 1, 'same-click')));
    const ids = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(ids.size).toBe(1);
    const [row] = await sql<{ n: number; kg: number }>(
      ctx.databaseUrl,
      'SELECT count(*)::int AS n, sum(total_kg)::int AS kg FROM orders WHERE wave_id = $1',
      [wave.id],
    );
    expect(row).toEqual({ n: 1, kg: 10 });
  });
});
