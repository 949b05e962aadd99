import { PaymentDeadlineService } from '../src/desk/payment-deadline.service';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { createOfficer, placeOrder, Staff } from './desk-fixtures';

describe('Desk: the audit trail', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let officer: Staff;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 4, 700);
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
  });

  afterAll(() => ctx.close());

  const history = async (orderId: string) =>
    (await ctx.http.get(`/orders/${orderId}/history`).set(bearer(ref.adminToken)).expect(200)).body;

  it('records who did what to an order, when, before and after, and from which request', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const order = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 10: 1 });
    const paid = await ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(officer.token))
      .set('x-request-id', 'desk-pay-0001')
      .send({ method: 'CASH', amountRp: 110_000 })
      .expect(201);
    const reversed = await ctx.http
      .post(`/payments/${paid.body.id}/reverse`)
      .set(bearer(ref.adminToken))
      .send({ reason: 'Uang palsu' })
      .expect(200);
    await ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(officer.token))
      .send({ method: 'TRANSFER', amountRp: 110_000 })
      .expect(201);
    await ctx.http
      .post(`/dropping-points/${ref.points[0].id}/receipts`)
      .set(bearer(officer.token))
      .send({ waveId: wave.id, packs: [{ packId: packOf(wave, 10), quantity: 5 }] })
      .expect(201);
    const handover = await ctx.http
      .post(`/orders/${order.id}/handover`)
      .set(bearer(officer.token))
      .send({ pickupCode: order.pickupCode })
      .expect(200);

    const entries = await history(order.id);
    expect(entries.map((e: any) => [e.action, e.before?.status ?? null, e.after?.status ?? null, e.actor.username, e.actor.role])).toEqual([
      ['order.placed', null, 'placed', buyers[0].nip, 'BUYER'],
      ['order.status_changed', 'placed', 'paid', 'petugas.kemenkop', 'OFFICER'],
      ['payment.recorded', null, null, 'petugas.kemenkop', 'OFFICER'],
      ['order.status_changed', 'paid', 'placed', 'admin', 'ADMIN'],
      ['payment.reversed', null, null, 'admin', 'ADMIN'],
      ['order.status_changed', 'placed', 'paid', 'petugas.kemenkop', 'OFFICER'],
      ['payment.recorded', null, null, 'petugas.kemenkop', 'OFFICER'],
      ['order.status_changed', 'paid', 'ready', 'petugas.kemenkop', 'OFFICER'],
      ['order.status_changed', 'ready', 'picked_up', 'petugas.kemenkop', 'OFFICER'],
      ['order.handed_over', null, null, 'petugas.kemenkop', 'OFFICER'],
    ]);
    expect(entries[1]).toMatchObject({ requestId: 'desk-pay-0001', actor: { userId: officer.id } });
    expect(entries[2]).toMatchObject({
      requestId: 'desk-pay-0001',
      entityType: 'payment',
      entityId: paid.body.id,
      after: { method: 'CASH', amountRp: 110_000 },
    });
    expect(entries[4]).toMatchObject({ requestId: reversed.headers['x-request-id'], details: { reason: 'Uang palsu' } });
    expect(entries[9].requestId).toBe(handover.headers['x-request-id']);
    for (const entry of entries) expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  });

  it('records changes made by other modules too: the buyer cancelling, the administrator cancelling a wave, the deadline sweep', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const byBuyer = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 5: 1 });
    const cancel = await ctx.http.post(`/orders/${byBuyer.id}/cancel`).set(bearer(buyers[1].token)).expect(200);
    expect((await history(byBuyer.id)).at(-1)).toMatchObject({
      action: 'order.status_changed',
      actor: { username: buyers[1].nip, role: 'BUYER' },
      requestId: cancel.headers['x-request-id'],
      before: { status: 'placed' },
      after: { status: 'cancelled', cancelReason: 'buyer' },
    });

    const inWave = await placeOrder(ctx, wave, buyers[2], ref.points[0].id, { 5: 1 });
    const waveCancel = await ctx.http
      .post(`/waves/${wave.id}/cancel`)
      .set(bearer(ref.adminToken))
      .send({ reason: 'Stok koperasi rusak' })
      .expect(200);
    expect((await history(inWave.id)).at(-1)).toMatchObject({
      actor: { username: 'admin', role: 'ADMIN' },
      requestId: waveCancel.headers['x-request-id'],
      after: { status: 'cancelled', cancelReason: 'wave_cancelled' },
    });

    const late = await createWave(ctx, ref, { capacityKg: 1_000 });
    const unpaid = await placeOrder(ctx, late, buyers[3], ref.points[0].id, { 5: 1 });
    await sql(ctx.databaseUrl, `UPDATE waves SET payment_deadline = now() - interval '1 second' WHERE id = $1`, [late.id]);
    await ctx.apps[0].get(PaymentDeadlineService).sweep();
    expect((await history(unpaid.id)).at(-1)).toMatchObject({
      actor: { userId: null, role: 'SYSTEM' },
      requestId: null,
      after: { status: 'cancelled', cancelReason: 'payment_deadline' },
    });
  });

  it('is readable by administrators only, and nothing can change or delete it, not even SQL', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    const order = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 5: 1 });
    await ctx.http.get(`/orders/${order.id}/history`).set(bearer(officer.token)).expect(403);
    await ctx.http.get(`/orders/${order.id}/history`).set(bearer(buyers[0].token)).expect(403);
    await ctx.http.get(`/orders/${order.id}/history`).expect(401);
    await ctx.http.get('/orders/00000000-0000-4000-8000-000000000000/history').set(bearer(ref.adminToken)).expect(404);

    const [{ n }] = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM audit_entries');
    expect(n).toBeGreaterThan(0);
    for (const statement of ["UPDATE audit_entries SET actor_role = 'ADMIN'", 'DELETE FROM audit_entries', 'TRUNCATE audit_entries']) {
      await expect(sql(ctx.databaseUrl, statement)).rejects.toThrow(/audit_entries is append-only/);
    }
    const [{ n: after }] = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM audit_entries');
    expect(after).toBe(n);
  });
});
