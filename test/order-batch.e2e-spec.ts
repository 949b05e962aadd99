import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { pgPool } from '../src/database/pg-pool';
import { OrderBatcher } from '../src/orders/order-batcher';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

type Wave = Awaited<ReturnType<typeof createWave>>;

/** place_order_batch, the order path's group commit: what it does with each order of a batch. */
describe('Order batches', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 120);
  });

  afterAll(() => ctx.close());

  /** One order of `packs` 10 kg packs, as the service hands it to the function. */
  const batchOrder = (wave: Wave, buyer: TestBuyer, packs: number, pickupCode = randomPickupCode(), waveId: string = wave.id) => {
    const product = wave.products[0];
    const kg = 10 * packs;
    return {
      id: randomUUID(),
      wave_id: waveId,
      buyer_id: buyer.id,
      dropping_point_id: ref.points[0].id,
      fulfilment: 'pickup',
      delivery_address: null,
      delivery_latitude: null,
      delivery_longitude: null,
      pickup_code: pickupCode,
      total_kg: kg,
      total_rp: kg * 11_000,
      idempotency_key: null,
      request_hash: 'test',
      products: [{ wave_product_id: product.id, kg, limit_kg: product.perBuyerLimitKg, start_no: 0 }],
      items: [
        {
          wave_pack_id: packOf(wave, 10),
          wave_product_id: product.id,
          size_kg: 10,
          quantity: packs,
          unit_price_rp: 110_000,
          kg,
          amount_rp: kg * 11_000,
        },
      ],
    };
  };

  const runBatch = async (orders: ReturnType<typeof batchOrder>[], shard = 7) => {
    const rows = await sql<{ batch_order_id: string; batch_outcome: string }>(
      ctx.databaseUrl,
      'SELECT * FROM place_order_batch($1::jsonb)',
      [JSON.stringify({ shard, orders })],
    );
    return orders.map((order) => rows.find((row) => row.batch_order_id === order.id)?.batch_outcome);
  };

  const slicesLeft = async (wave: Wave) =>
    (
      await sql<{ kg: number }>(
        ctx.databaseUrl,
        'SELECT sum(remaining_kg)::int AS kg FROM wave_capacity_slices WHERE wave_product_id = $1',
        [wave.products[0].id],
      )
    )[0].kg;

  it('settles each order on its own: placed, over the limit, taken pickup code, not open, sold out', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 30, perBuyerLimitKg: 20 });
    const [first, second, third, fourth] = buyers;
    const outcomes = await runBatch([
      batchOrder(wave, first, 1, 'AAA-AAA'),
      batchOrder(wave, first, 2),
      batchOrder(wave, second, 1, 'AAA-AAA'),
      batchOrder(wave, third, 1),
      batchOrder(wave, fourth, 1, undefined, randomUUID()),
      batchOrder(wave, fourth, 2),
    ]);
    expect(outcomes).toEqual(['placed', 'limit', 'retry', 'placed', 'refused', 'sold_out']);

    expect(await slicesLeft(wave)).toBe(10);
    const quotas = await sql(
      ctx.databaseUrl,
      'SELECT buyer_id, ordered_kg FROM buyer_quotas WHERE wave_product_id = $1 ORDER BY ordered_kg',
      [wave.products[0].id],
    );
    expect(new Set(quotas.map((q) => q.buyer_id))).toEqual(new Set([first.id, third.id]));
    expect(quotas.map((q) => q.ordered_kg)).toEqual([10, 10]);
    const [tally] = await sql(
      ctx.databaseUrl,
      'SELECT shard, orders_count, kg::int AS kg, value_rp::int AS value_rp FROM wave_point_tallies WHERE wave_id = $1',
      [wave.id],
    );
    expect(tally).toEqual({ shard: 7, orders_count: 2, kg: 20, value_rp: 220_000 });
    const summary = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
    expect(summary.body.totals).toMatchObject({ orders: 2, kg: 20 });
  });

  it('spreads an order over several slices when no one slice holds it, and never below zero', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000, perBuyerLimitKg: 40 });
    await sql(ctx.databaseUrl, 'UPDATE wave_capacity_slices SET remaining_kg = 3 WHERE wave_product_id = $1', [wave.products[0].id]);
    const slices = (
      await sql(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM wave_capacity_slices WHERE wave_product_id = $1', [wave.products[0].id])
    )[0].n;
    expect(slices).toBe(5);

    expect(await runBatch([batchOrder(wave, buyers[0], 1), batchOrder(wave, buyers[1], 1)])).toEqual(['placed', 'sold_out']);
    expect(await slicesLeft(wave)).toBe(5);
  });

  it("sends back as 'short' an order whose only slice another transaction holds, without waiting", async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 100, perBuyerLimitKg: 40 });
    const holder = new Client({ connectionString: ctx.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM wave_capacity_slices WHERE wave_product_id = $1 FOR UPDATE', [wave.products[0].id]);
      expect(await runBatch([batchOrder(wave, buyers[0], 1)])).toEqual(['short']);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(await slicesLeft(wave)).toBe(100);
    expect(await runBatch([batchOrder(wave, buyers[0], 1)])).toEqual(['placed']);
  });

  it('keeps the one order a batch placed when its answer was lost, instead of placing a second', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 100, perBuyerLimitKg: 40 });
    const batcher = ctx.apps[0].get(OrderBatcher);
    const place = batcher.place.bind(batcher);
    // The batch commits, then its answer is lost, as when the connection drops after the commit.
    jest.spyOn(batcher, 'place').mockImplementationOnce(async (order) => {
      await place(order);
      return { kind: 'retry' };
    });
    const response = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyers[0].token))
      .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 10), quantity: 1 }] })
      .expect(201);
    const stored = await sql(ctx.databaseUrl, 'SELECT id, pickup_code FROM orders WHERE wave_id = $1', [wave.id]);
    expect(stored).toEqual([{ id: response.body.id, pickup_code: response.body.pickupCode }]);
    expect(await slicesLeft(wave)).toBe(90);
  });

  it('takes an order of two products whole or not at all, each product filled exactly', async () => {
    const medium = await ctx.http
      .post(`/cooperatives/${ref.cooperativeId}/products`)
      .set(bearer(ref.adminToken))
      .send({ commodity: 'beras medium', name: 'Beras medium Indramayu', pricePerKgRp: 9_500, availableKg: 5_000, packs: [{ sizeKg: 5 }] })
      .expect(201);
    const wave = await createWave(ctx, ref, {
      products: [
        { productId: ref.productId, capacityKg: 1_000, perBuyerLimitKg: 40 },
        { productId: medium.body.id, capacityKg: 300, perBuyerLimitKg: 40 },
      ],
    });
    const premium10 = wave.products
      .find((p: { productId: string }) => p.productId === ref.productId)
      .packs.find((p: { sizeKg: number }) => p.sizeKg === 10).id;
    const medium5 = wave.products.find((p: { productId: string }) => p.productId === medium.body.id).packs[0].id;

    // 120 buyers ask for 10 kg premium and 5 kg medium each: medium runs out after 60 orders.
    const responses = await Promise.all(
      buyers.map((buyer) =>
        ctx.http
          .post(`/waves/${wave.id}/orders`)
          .set(bearer(buyer.token))
          .send({
            droppingPointId: ref.points[1].id,
            fulfilment: 'pickup',
            items: [
              { packId: premium10, quantity: 1 },
              { packId: medium5, quantity: 1 },
            ],
          }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(60);
    expect(responses.filter((r) => r.status === 409 && r.body.code === 'CAPACITY_EXCEEDED')).toHaveLength(60);
    const left = await sql<{ product_id: string; kg: number }>(
      ctx.databaseUrl,
      `SELECT wp.product_id, sum(s.remaining_kg)::int AS kg FROM wave_capacity_slices s JOIN wave_products wp ON wp.id = s.wave_product_id
        WHERE wp.wave_id = $1 GROUP BY 1`,
      [wave.id],
    );
    expect(Object.fromEntries(left.map((row) => [row.product_id, row.kg]))).toEqual({ [ref.productId]: 400, [medium.body.id]: 0 });
    const [items] = await sql(
      ctx.databaseUrl,
      `SELECT count(DISTINCT i.order_id)::int AS orders, sum(i.kg)::int AS kg FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.wave_id = $1`,
      [wave.id],
    );
    expect(items).toEqual({ orders: 60, kg: 900 });
  });

  it('places the orders of a failed batch one by one', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 100, perBuyerLimitKg: 40 });
    const pool = pgPool(ctx.apps[0].get(DataSource));
    const query = pool.query.bind(pool) as (config: unknown) => Promise<unknown>;
    // The batch statement fails as a deadlock with another path would make it fail.
    const spy = jest
      .spyOn(pool, 'query')
      .mockImplementation(((config: { name?: string }) =>
        config.name === 'place-order-batch'
          ? Promise.reject(Object.assign(new Error('deadlock detected'), { code: '40P01' }))
          : query(config)) as never);
    try {
      const responses = await Promise.all(
        buyers.slice(0, 3).map((buyer) =>
          ctx.http
            .post(`/waves/${wave.id}/orders`)
            .set(bearer(buyer.token))
            .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 10), quantity: 1 }] }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(spy.mock.calls.filter(([config]) => (config as { name?: string }).name === 'place-order')).toHaveLength(3);
    } finally {
      spy.mockRestore();
    }
    expect(await slicesLeft(wave)).toBe(70);
  });

  it('groups orders that arrive together into few statements, each order answered after its commit', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 5_000, perBuyerLimitKg: 40 });
    const pool = pgPool(ctx.apps[0].get(DataSource));
    const query = jest.spyOn(pool, 'query');
    try {
      const responses = await Promise.all(
        buyers.map((buyer) =>
          ctx.http
            .post(`/waves/${wave.id}/orders`)
            .set(bearer(buyer.token))
            .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 10), quantity: 1 }] }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(buyers.map(() => 201));
      const batches = query.mock.calls
        .map(([config]) => config as unknown as { name?: string; values: string[] })
        .filter((config) => config.name === 'place-order-batch')
        .map((config) => JSON.parse(config.values[0]).orders.length as number);
      expect(batches.reduce((sum, n) => sum + n, 0)).toBe(buyers.length);
      // How many share a batch depends on how the requests arrive; that some do is what matters.
      expect(batches.length).toBeLessThan(buyers.length);
    } finally {
      query.mockRestore();
    }
    const [stored] = await sql(
      ctx.databaseUrl,
      `SELECT count(*)::int AS n, sum(total_kg)::int AS kg FROM orders WHERE wave_id = $1 AND status = 'placed'`,
      [wave.id],
    );
    expect(stored).toEqual({ n: 120, kg: 1_200 });
    expect(await slicesLeft(wave)).toBe(3_800);
  });
});

function randomPickupCode(): string {
  return `T${randomUUID().slice(0, 2)}-${randomUUID().slice(0, 3)}`.toUpperCase();
}
