import request from 'supertest';
import { PaymentDeadlineService } from '../src/desk/payment-deadline.service';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { createOfficer, createTimedWave, pay, placeOrder, Staff } from './desk-fixtures';

const HOUR = 3_600_000;

/** Time is driven by the wave's own dates (moved into the past in the database), never by sleeping. */
describe('Desk: automatic cancellation at the payment deadline', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let officer: Staff;

  beforeAll(async () => {
    ctx = await startTestContext();
    await ctx.startInstance();
    await ctx.startInstance();
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 40, 300);
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
  });

  afterAll(() => ctx.close());

  const remainingKg = async (waveId: string) =>
    (await ctx.http.get(`/waves/${waveId}/summary`).set(bearer(ref.adminToken)).expect(200)).body.products[0].remainingKg;
  const passDeadline = (waveId: string, alsoClose = false) =>
    sql(
      ctx.databaseUrl,
      `UPDATE waves SET payment_deadline = now() - interval '1 second'${alsoClose ? `, closes_at = now() - interval '1 second'` : ''} WHERE id = $1`,
      [waveId],
    );
  const sweepEverywhere = () => Promise.all(ctx.apps.map((app) => app.get(PaymentDeadlineService).sweep()));

  it('cancels the unpaid orders of an open wave and gives their kg back; paid orders stay', async () => {
    const wave = await createTimedWave(ctx, ref, { opensInMs: -HOUR, closesInMs: HOUR, paymentDeadlineInMs: 2 * HOUR, capacityKg: 500 });
    const paid = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 10: 1 });
    const unpaid = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 20: 1 });
    const unpaid2 = await placeOrder(ctx, wave, buyers[2], ref.points[1].id, { 5: 2 });
    await pay(ctx, officer.token, paid);
    expect(await remainingKg(wave.id)).toBe(460);

    await passDeadline(wave.id);
    const late = await ctx.http
      .post(`/orders/${unpaid.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'CASH', amountRp: unpaid.totalRp })
      .expect(409);
    expect(late.body.code).toBe('PAYMENT_DEADLINE_PASSED');
    await sweepEverywhere();

    for (const [order, buyer] of [
      [unpaid, buyers[1]],
      [unpaid2, buyers[2]],
    ] as const) {
      const seen = await ctx.http.get(`/orders/${order.id}`).set(bearer(buyer.token)).expect(200);
      expect(seen.body).toMatchObject({ status: 'cancelled', cancelReason: 'payment_deadline' });
    }
    const kept = await ctx.http.get(`/orders/${paid.id}`).set(bearer(buyers[0].token)).expect(200);
    expect(kept.body.status).toBe('paid');
    expect(await remainingKg(wave.id)).toBe(490);
    // The wave still takes orders, so it is not marked done: an order placed now is overdue at once.
    const placedLate = await placeOrder(ctx, wave, buyers[3], ref.points[0].id, { 5: 1 });
    await sweepEverywhere();
    const lateSeen = await ctx.http.get(`/orders/${placedLate.id}`).set(bearer(buyers[3].token)).expect(200);
    expect(lateSeen.body.cancelReason).toBe('payment_deadline');
    expect(await remainingKg(wave.id)).toBe(490);
  });

  it('keeps the kg of a closed wave with the cooperative order, and marks the wave done once', async () => {
    const wave = await createTimedWave(ctx, ref, { opensInMs: -HOUR, closesInMs: HOUR, paymentDeadlineInMs: 2 * HOUR, capacityKg: 500 });
    const orders = await Promise.all([4, 5, 6].map((i) => placeOrder(ctx, wave, buyers[i], ref.points[0].id, { 10: 1 })));
    await passDeadline(wave.id, true);
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const closed = await ctx.http.get(`/waves/${wave.id}`).set(bearer(ref.adminToken)).expect(200);
    // Closing issues the purchase orders at once, so the wave shows as ordered.
    expect(closed.body.status).toBe('ordered');
    await sweepEverywhere();
    await sweepEverywhere();
    const [counts] = await sql<{ cancelled: number }>(
      ctx.databaseUrl,
      `SELECT count(*) FILTER (WHERE status = 'cancelled' AND cancel_reason = 'payment_deadline')::int AS cancelled FROM orders WHERE id = ANY ($1)`,
      [orders.map((o) => o.id)],
    );
    expect(counts.cancelled).toBe(3);
    expect(await remainingKg(wave.id)).toBe(470);
    const events = await sql<{ n: number }>(
      ctx.databaseUrl,
      `SELECT count(*)::int AS n FROM wave_events WHERE wave_id = $1 AND type = 'payment_deadline'`,
      [wave.id],
    );
    expect(events[0].n).toBe(1);
  });

  it('cancels each order exactly once with three instances sweeping at the same moment', async () => {
    const wave = await createTimedWave(ctx, ref, { opensInMs: -HOUR, closesInMs: HOUR, paymentDeadlineInMs: 2 * HOUR, capacityKg: 1_000 });
    const orders = await Promise.all(
      buyers.slice(10, 40).map((buyer, i) =>
        request(ctx.apps[i % 3].getHttpServer())
          .post(`/waves/${wave.id}/orders`)
          .set(bearer(buyer.token))
          .send({
            droppingPointId: ref.points[i % 2].id,
            fulfilment: 'pickup',
            items: [{ packId: wave.products[0].packs.find((p: any) => p.sizeKg === 10).id, quantity: 1 }],
          }),
      ),
    );
    expect(orders.every((r) => r.status === 201)).toBe(true);
    const toPay = orders
      .map((r) => r.body)
      .filter((o) => o.droppingPointId === ref.points[0].id)
      .slice(0, 5);
    for (const order of toPay) await pay(ctx, officer.token, order);
    expect(await remainingKg(wave.id)).toBe(700);

    await passDeadline(wave.id);
    const results = await Promise.all([...ctx.apps, ...ctx.apps].map((app) => app.get(PaymentDeadlineService).sweep()));
    await sweepEverywhere();

    const changes = await sql<{ entity_id: string; n: number }>(
      ctx.databaseUrl,
      `SELECT entity_id, count(*)::int AS n FROM audit_entries
        WHERE wave_id = $1 AND action = 'order.status_changed' AND after ->> 'status' = 'cancelled' GROUP BY 1`,
      [wave.id],
    );
    expect(changes).toHaveLength(25);
    expect(changes.every((row) => row.n === 1)).toBe(true);
    expect(results.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(25);
    // Capacity came back once per cancelled order, not once per instance.
    expect(await remainingKg(wave.id)).toBe(1_000 - 5 * 10);
    const actors = await sql<{ actor_role: string; actor_user_id: string | null }>(
      ctx.databaseUrl,
      `SELECT DISTINCT actor_role, actor_user_id FROM audit_entries WHERE wave_id = $1 AND action = 'order.status_changed' AND after ->> 'cancelReason' = 'payment_deadline'`,
      [wave.id],
    );
    expect(actors).toEqual([{ actor_role: 'SYSTEM', actor_user_id: null }]);
  });
});
