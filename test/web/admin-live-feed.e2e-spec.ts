import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WaveSummaryService } from '../../src/orders/wave-summary.service';
import { LiveSummaryService } from '../../src/web/admin/live-summary.service';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers } from '../support/fixtures';
import { startTestContext, TestContext } from '../support/test-app';

interface Stream {
  frames: Record<string, any>[];
  status: number;
  close(): void;
}

/** Opens the event stream like a browser's EventSource and collects the summaries it sends. */
function openStream(port: number, path: string, token: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const frames: Record<string, any>[] = [];
    const request = http.get(
      { host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (response) => {
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((line) => line.startsWith('data: '));
            if (data) frames.push(JSON.parse(data.slice(6)));
          }
        });
        resolve({ frames, status: response.statusCode ?? 0, close: () => request.destroy() });
      },
    );
    request.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
  });
}

const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('Live wave room feed', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let port: number;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    await ctx.apps[0].listen(0, '127.0.0.1');
    port = (ctx.apps[0].getHttpServer().address() as AddressInfo).port;
  });

  afterAll(() => ctx.close());

  it('pushes the summary to every open dashboard once a second from one computation, new orders within two seconds', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 100 });
    const [buyer] = await registerBuyers(ctx, 1, 100);
    const summarise = jest.spyOn(WaveSummaryService.prototype, 'summarise');
    const streams = await Promise.all(
      Array.from({ length: 20 }, () => openStream(port, `/admin/gelombang/${wave.id}/live`, ref.adminToken)),
    );
    expect(streams.map((stream) => stream.status)).toEqual(Array(20).fill(200));
    await until(() => streams.every((stream) => stream.frames.length >= 1), 2_000);
    expect(ctx.apps[0].get(LiveSummaryService).listenerCount(wave.id)).toBe(20);
    const first = streams[0].frames[0];
    expect(first).toMatchObject({
      waveId: wave.id,
      status: 'open',
      totals: { orders: 0, kg: 0 },
      products: [{ waveProductId: wave.products[0].id, capacityKg: 100, orderedKg: 0 }],
    });
    expect(first.secondsLeft).toBeGreaterThan(3_000);

    summarise.mockClear();
    const calledBefore = Date.now();
    await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .send({ droppingPointId: ref.points[1].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 20), quantity: 2 }] })
      .expect(201);
    const placedAt = Date.now();
    await until(() => streams.every((stream) => stream.frames.at(-1)?.products[0].orderedKg === 40), 2_000);
    expect(Date.now() - placedAt).toBeLessThan(2_000);
    const latest = streams[7].frames.at(-1)!;
    expect(latest.totals).toMatchObject({ orders: 1, kg: 40, valueRp: 440_000 });
    expect(latest.droppingPoints.find((point: { droppingPointId: string }) => point.droppingPointId === ref.points[1].id)).toMatchObject({
      orders: 1,
      kg: 40,
    });
    expect(latest.ordersPerMinute.reduce((sum: number, minute: { orders: number }) => sum + minute.orders, 0)).toBe(1);

    // Twenty dashboards for about two more seconds: one summary per tick, not one per dashboard.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const ticks = (Date.now() - calledBefore) / 1_000;
    expect(summarise.mock.calls.length).toBeLessThanOrEqual(Math.ceil(ticks) + 1);
    const sameFrame = streams.map((stream) => JSON.stringify(stream.frames.at(-1)));
    expect(new Set(sameFrame).size).toBeLessThanOrEqual(2);
    summarise.mockRestore();

    for (const stream of streams) stream.close();
    await until(() => ctx.apps[0].get(LiveSummaryService).listenerCount(wave.id) === 0, 2_000);
  });

  it('polling gets the same summary; sold-out products and agencies are shown', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 20, perBuyerLimitKg: 20 });
    const [buyer] = await registerBuyers(ctx, 1, 200, 'Bappenas');
    const before = await ctx.http.get(`/admin/gelombang/${wave.id}/live.json`).set(bearer(ref.adminToken)).expect(200);
    expect(before.body).toMatchObject({ waveId: wave.id, soldOut: [], agencies: [] });
    await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 20), quantity: 1 }] })
      .expect(201);
    let after = before.body;
    for (let i = 0; i < 40 && (after.soldOut.length === 0 || after.agencies.length === 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      after = (await ctx.http.get(`/admin/gelombang/${wave.id}/live.json`).set(bearer(ref.adminToken)).expect(200)).body;
    }
    expect(after.products[0]).toMatchObject({ orderedKg: 20, remainingKg: 0 });
    expect(after.soldOut).toEqual([
      { waveProductId: wave.products[0].id, name: 'Beras premium Indramayu', at: expect.stringMatching(/\+07:00$/) },
    ]);
    expect(after.agencies).toEqual([{ agency: 'Bappenas', orders: 1, kg: 20 }]);
  });

  it('refuses anyone but the administrator, and unknown waves', async () => {
    const wave = await createWave(ctx, ref);
    const [buyer] = await registerBuyers(ctx, 1, 300);
    await ctx.http.get(`/admin/gelombang/${wave.id}/live.json`).set(bearer(buyer.token)).expect(403);
    await ctx.http.get(`/admin/gelombang/${wave.id}/live`).set(bearer(buyer.token)).expect(403);
    await ctx.http.get(`/admin/gelombang/${wave.id}/live`).expect(401);
    await ctx.http.get('/admin/gelombang/6f1c9a52-7d0e-4b7a-9a44-0d6c1d1f0b11/live').set(bearer(ref.adminToken)).expect(404);
    await ctx.http.get('/admin/gelombang/nope/live.json').set(bearer(ref.adminToken)).expect(400);
  });
});
