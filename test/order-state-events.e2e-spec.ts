import { createOfficer, pay, placeOrder, Staff } from './desk-fixtures';
import { messagingEnv } from './notifications-support';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

/**
 * Every order status change goes through the order-state owner, which announces it in the same
 * transaction: the buyer's "paid" and "handed over" messages are written with the change itself.
 * No worker runs here: the rows are what the events leave behind; sending is the notification tests' job.
 */
describe('Order state changes announce themselves', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let officer: Staff;
  let wave: any;

  beforeAll(async () => {
    // Nothing listens on this address: no message leaves the test, the rows are written all the same.
    ctx = await startTestContext(messagingEnv('http://127.0.0.1:9', { NOTIFY_QUIET_HOURS: '0-0' }));
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 2);
    officer = await createOfficer(ctx, ref, 'petugas.state', [ref.points[0].id]);
    wave = await createWave(ctx, ref);
  });

  afterAll(() => ctx?.close());

  const messages = (orderId: string) =>
    sql<{ kind: string; buyer_id: string; event_key: string }>(
      ctx.databaseUrl,
      `SELECT kind, buyer_id, event_key FROM notifications WHERE order_id = $1 AND kind IN ('order_paid', 'order_handed_over') ORDER BY id`,
      [orderId],
    );

  it('a desk payment writes the buyer\'s "paid" message, once per payment', async () => {
    const order = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 5: 1 });
    const paid = await pay(ctx, officer.token, order);
    const rows = await messages(order.id);
    expect(rows).toEqual([{ kind: 'order_paid', buyer_id: buyers[0].id, event_key: `order.paid:${paid.body.id}` }]);
  });

  it('a hand-over writes the buyer\'s "handed over" message; a refused one writes nothing', async () => {
    const order = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 10: 1 });
    // Unpaid: refused before any state change, so nothing is announced.
    await ctx.http.post(`/orders/${order.id}/handover`).set(bearer(officer.token)).send({ pickupCode: order.pickupCode }).expect(409);
    expect(await messages(order.id)).toEqual([]);
    await pay(ctx, officer.token, order);
    await ctx.http.post(`/orders/${order.id}/handover`).set(bearer(officer.token)).send({ pickupCode: order.pickupCode }).expect(200);
    expect((await messages(order.id)).map((row) => [row.kind, row.buyer_id, row.event_key])).toEqual([
      ['order_paid', buyers[1].id, expect.stringMatching(/^order\.paid:/)],
      ['order_handed_over', buyers[1].id, `order.handed_over:${order.id}`],
    ]);
    const history = (await ctx.http.get(`/orders/${order.id}/history`).set(bearer(ref.adminToken)).expect(200)).body;
    expect(history.filter((e: any) => e.action === 'order.status_changed').map((e: any) => [e.before.status, e.after.status])).toEqual([
      ['placed', 'paid'],
      ['paid', 'ready'],
      ['ready', 'picked_up'],
    ]);
  });
});
