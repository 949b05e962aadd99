import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, createWave, referenceCase, registerBuyers } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

/**
 * Opt-in (PO_SCALE_ORDERS=1000000 npx jest test/purchase-orders-scale.e2e-spec.ts): closes a wave
 * of bulk-loaded orders and times the purchase order, its downloads, a shortfall and the report.
 * Not part of the normal run: loading a million orders takes minutes.
 */
const ORDERS = Number(process.env.PO_SCALE_ORDERS ?? 0);
const maybe = ORDERS > 0 ? describe : describe.skip;

maybe(`Purchase orders at ${ORDERS} orders`, () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext();
  });

  afterAll(() => ctx?.close());

  it('closes, shows, downloads, cuts a shortfall and reports within seconds', async () => {
    const ref = await referenceCase(ctx);
    const buyers = await registerBuyers(ctx, 200, 10_000);
    const wave = await createWave(ctx, ref, {
      capacityKg: ORDERS * 10 + 1_000,
      perBuyerLimitKg: Math.min(1_000_000, ORDERS * 10),
      closesInMs: 600_000,
    });
    const pack = wave.products[0].packs.find((p: any) => p.sizeKg === 10);
    const timings: Record<string, number> = {};
    const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      const result = await fn();
      timings[name] = Date.now() - started;
      return result;
    };
    await time('bulk load', async () => {
      const w = [wave.id];
      const statements: [string, unknown[]][] = [
        [
          `INSERT INTO orders (id, wave_id, buyer_id, dropping_point_id, fulfilment, pickup_code, status, total_kg, total_rp, tally_shard, placed_at)
           SELECT gen_random_uuid(), $1, ($2::uuid[])[1 + g % 200], ($3::uuid[])[1 + g % 2], 'pickup', 'S' || g, 'placed', 10, $4, g % 16,
                  now() - interval '1 hour' + g * interval '1 millisecond'
             FROM generate_series(1, $5) g`,
          [wave.id, buyers.map((b) => b.id), ref.points.map((p) => p.id), pack.priceRp, ORDERS],
        ],
        [
          `INSERT INTO order_items (order_id, wave_pack_id, wave_product_id, size_kg, quantity, unit_price_rp, kg, amount_rp)
           SELECT id, $2, $3, 10, 1, $4::int, 10, $4::bigint FROM orders WHERE wave_id = $1`,
          [wave.id, pack.id, wave.products[0].id, pack.priceRp],
        ],
        [
          `INSERT INTO wave_point_tallies (wave_id, dropping_point_id, shard, orders_count, kg, value_rp)
           SELECT wave_id, dropping_point_id, tally_shard, count(*), sum(total_kg), sum(total_rp) FROM orders WHERE wave_id = $1 GROUP BY 1, 2, 3`,
          w,
        ],
        [
          `INSERT INTO wave_pack_tallies (wave_pack_id, dropping_point_id, shard, wave_id, packs)
           SELECT i.wave_pack_id, o.dropping_point_id, o.tally_shard, o.wave_id, sum(i.quantity)
             FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.wave_id = $1 GROUP BY 1, 2, 3, 4`,
          w,
        ],
        [
          `INSERT INTO buyer_quotas (wave_product_id, buyer_id, ordered_kg, limit_kg)
           SELECT i.wave_product_id, o.buyer_id, sum(i.kg), $2 FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.wave_id = $1 GROUP BY 1, 2`,
          [wave.id, Math.min(1_000_000, ORDERS * 10)],
        ],
      ];
      for (const [text, params] of statements) await sql(ctx.databaseUrl, text, params);
      await sql(ctx.databaseUrl, 'ANALYZE');
      await sql(ctx.databaseUrl, `UPDATE waves SET closes_at = now() WHERE id = $1`, [wave.id]);
    });
    await time('close (snapshot)', () => ctx.apps[0].get(WaveLifecycleService).sweep());
    const admin = bearer(ref.adminToken);
    const [po] = (
      await time('GET /waves/:id/purchase-orders', () => ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(admin).expect(200))
    ).body;
    expect(po.ordered).toMatchObject({ ordersCount: ORDERS, buyersCount: 200, totalKg: ORDERS * 10 });
    await time('GET /purchase-orders/:id', () => ctx.http.get(`/purchase-orders/${po.id}`).set(admin).expect(200));
    await time('GET .csv', () => ctx.http.get(`/purchase-orders/${po.id}.csv`).set(admin).expect(200));
    await time('GET .pdf', () => ctx.http.get(`/purchase-orders/${po.id}.pdf`).set(admin).expect(200));
    const confirmed = await time('confirm with a 1,000 kg shortfall', () =>
      ctx.http
        .post(`/purchase-orders/${po.id}/confirm`)
        .set(admin)
        .send({ shortfalls: [{ productId: ref.productId, kg: 1_000 }] })
        .expect(200),
    );
    expect(confirmed.body.toDeliver.totalKg).toBe(ORDERS * 10 - 1_000);
    const report = await time('GET /reports/waves/:id', () => ctx.http.get(`/reports/waves/${wave.id}`).set(admin).expect(200));
    expect(report.body.totals).toMatchObject({ orders: ORDERS, cancelledKg: 1_000 });
    console.log(`Purchase orders at ${ORDERS} orders (ms):`, timings);
  }, 3_600_000);
});
