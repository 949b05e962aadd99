import Redis from 'ioredis';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { createOfficer, pay, placeOrder, Staff } from './desk-fixtures';
import { eventually } from './notifications-support';
import { bearer, createWave, login, nipFor, ReferenceCase, referenceCase, registerBuyer, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

/**
 * Issue 17, "Steps people could not take", the civil servant's: what is left and what they may still
 * order, their profile, changing an order's point or delivery while the wave is open, a forgotten
 * password reset by a code to their phone, and the payments and refunds of their order.
 */
describe('Issue 17: the civil servant can take every step of a wave', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let officer: Staff;
  let rina: TestBuyer;
  let agus: TestBuyer;
  let wave: any;
  /** Kantor Bappenas: its ojek goes 15 km. */
  let bappenas: string;
  const [kemenkop, lenteng] = [0, 1];

  beforeAll(async () => {
    ctx = await startTestContext({ TRUST_PROXY: 'true', RATE_LIMIT_REGISTER_PER_ADDRESS: '20', RATE_LIMIT_LOGIN_PER_ACCOUNT: '3' });
    ref = await referenceCase(ctx);
    const point = await ctx.http
      .post('/dropping-points')
      .set(bearer(ref.adminToken))
      .send({
        name: 'Kantor Bappenas',
        address: 'Jl. Taman Suropati No. 2, Menteng, Jakarta Pusat',
        latitude: -6.1997,
        longitude: 106.8322,
        deliveryRadiusKm: 15,
      })
      .expect(201);
    bappenas = point.body.id;
    ref.points.push({ id: bappenas, name: 'Kantor Bappenas' });
    officer = await createOfficer(
      ctx,
      ref,
      'petugas.kemenkop',
      ref.points.map((p) => p.id),
    );
    rina = await registerBuyer(ctx, 1701);
    agus = await registerBuyer(ctx, 1702);
    wave = await createWave(ctx, ref, { capacityKg: 60, perBuyerLimitKg: 40 });
  });

  afterAll(() => ctx.close());

  const allowance = async (buyer: TestBuyer, waveId = wave.id) =>
    (await ctx.http.get(`/waves/${waveId}/allowance`).set(bearer(buyer.token)).expect(200)).body;
  const summaryPoint = async (pointIndex: number) => {
    const summary = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
    const row = summary.body.droppingPoints.find((p: any) => p.droppingPointId === ref.points[pointIndex].id);
    return { orders: row.orders, kg: row.kg, valueRp: row.valueRp, packs: row.packs.map((p: any) => [p.sizeKg, p.packs]) };
  };

  describe('before ordering', () => {
    it('shows per product what is left and what the buyer may still order under the limit, in whole packs', async () => {
      const product = { waveProductId: wave.products[0].id, name: 'Beras premium Indramayu', perBuyerLimitKg: 40 };
      expect(await allowance(rina)).toEqual({
        waveId: wave.id,
        products: [{ ...product, remainingKg: 60, orderedKg: 0, mayStillOrderKg: 40 }],
      });
      await placeOrder(ctx, wave, rina, ref.points[kemenkop].id, { 20: 1, 5: 1 });
      expect((await allowance(rina)).products).toEqual([{ ...product, remainingKg: 35, orderedKg: 25, mayStillOrderKg: 15 }]);
      // Agus takes 30 kg: 5 kg are left for everyone, which now bounds Rina too.
      await placeOrder(ctx, wave, agus, ref.points[lenteng].id, { 20: 1, 10: 1 });
      expect((await allowance(rina)).products).toEqual([{ ...product, remainingKg: 5, orderedKg: 25, mayStillOrderKg: 5 }]);
      expect((await allowance(agus)).products).toEqual([{ ...product, remainingKg: 5, orderedKg: 30, mayStillOrderKg: 5 }]);
    });

    it('answers only buyers, and 404 for a wave they cannot see', async () => {
      await ctx.http.get(`/waves/${wave.id}/allowance`).set(bearer(officer.token)).expect(403);
      const draft = await createWave(ctx, ref, { publish: false });
      const hidden = await ctx.http.get(`/waves/${draft.id}/allowance`).set(bearer(rina.token)).expect(404);
      expect(hidden.body.code).toBe('NOT_FOUND');
      const bad = await ctx.http.get('/waves/not-a-uuid/allowance').set(bearer(rina.token)).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('the profile', () => {
    const patch = (buyer: TestBuyer, body: object) => ctx.http.patch('/me').set(bearer(buyer.token)).send(body);
    const fieldsOf = (response: { body: any }) => response.body.details.map((d: any) => d.field);

    it('changes the default dropping point and, with the password, the phone; never the roster fields', async () => {
      const before = (await ctx.http.get('/me').set(bearer(rina.token)).expect(200)).body;
      const point = await patch(rina, { defaultDroppingPointId: ref.points[lenteng].id }).expect(200);
      expect(point.body).toEqual({ ...before, defaultDroppingPointId: ref.points[lenteng].id });

      expect(fieldsOf(await patch(rina, { phone: '081299990001' }).expect(400))).toEqual(['currentPassword']);
      expect(fieldsOf(await patch(rina, { phone: '081299990001', currentPassword: 'not-my-password' }).expect(400))).toEqual([
        'currentPassword',
      ]);
      expect(fieldsOf(await patch(rina, { phone: '021-555-1234', currentPassword: 'password-1701' }).expect(400))).toEqual(['phone']);
      const phone = await patch(rina, { phone: '081299990001', currentPassword: 'password-1701' }).expect(200);
      expect(phone.body).toEqual({ ...before, phone: '081299990001', defaultDroppingPointId: ref.points[lenteng].id });

      for (const field of ['nip', 'name', 'agency']) {
        const refused = await patch(rina, { [field]: 'Kementerian Dalam Negeri' }).expect(400);
        expect(refused.body.code).toBe('VALIDATION_FAILED');
        expect(fieldsOf(refused)).toEqual([field]);
      }
      expect(fieldsOf(await patch(rina, { defaultDroppingPointId: '6f1c2a5e-8b7d-4c3e-9a1f-2b3c4d5e6f70' }).expect(400))).toEqual([
        'defaultDroppingPointId',
      ]);
      expect(fieldsOf(await patch(rina, { defaultDroppingPointId: 'lenteng' }).expect(400))).toEqual(['defaultDroppingPointId']);
      const cleared = await patch(rina, { defaultDroppingPointId: null }).expect(200);
      expect(cleared.body).toMatchObject({ nip: rina.nip, name: 'Pegawai 1701', phone: '081299990001', defaultDroppingPointId: null });
      await ctx.http.patch('/me').set(bearer(officer.token)).send({ phone: '081299990002' }).expect(403);

      const audit = await sql<{ before: object; after: object; actor_role: string }>(
        ctx.databaseUrl,
        `SELECT before, after, actor_role FROM audit_entries WHERE action = 'buyer.profile_changed' AND entity_id = $1 ORDER BY id`,
        [rina.id],
      );
      expect(audit).toEqual([
        {
          before: { phone: '081200001701', defaultDroppingPointId: null },
          after: { phone: '081200001701', defaultDroppingPointId: ref.points[lenteng].id },
          actor_role: 'BUYER',
        },
        {
          before: { phone: '081200001701', defaultDroppingPointId: ref.points[lenteng].id },
          after: { phone: '081299990001', defaultDroppingPointId: ref.points[lenteng].id },
          actor_role: 'BUYER',
        },
        {
          before: { phone: '081299990001', defaultDroppingPointId: ref.points[lenteng].id },
          after: { phone: '081299990001', defaultDroppingPointId: null },
          actor_role: 'BUYER',
        },
      ]);
    });
  });

  describe('the profile, guessing the password', () => {
    it('slows down wrong passwords as logins are slowed, so a session is no password oracle', async () => {
      const guess = (password: string) =>
        ctx.http
          .patch('/me')
          .set(bearer(agus.token))
          .set('X-Forwarded-For', '203.0.113.5')
          .send({ phone: '081377770001', currentPassword: password });
      for (const password of ['tebakan-satu', 'tebakan-dua', 'tebakan-tiga']) await guess(password).expect(400);
      const refused = await guess('password-1702').expect(429);
      expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(refused.headers['retry-after-login-delay'])).toBeGreaterThan(0);
      const me = await ctx.http.get('/me').set(bearer(agus.token)).expect(200);
      expect(me.body.phone).toBe('081200001702');
    });
  });

  describe('changing an order while the wave is open', () => {
    let order: any;
    const change = (buyer: TestBuyer, body: object, id = order.id) => ctx.http.patch(`/orders/${id}`).set(bearer(buyer.token)).send(body);

    beforeAll(async () => {
      const mine = await ctx.http.get(`/me/orders?waveId=${wave.id}`).set(bearer(rina.token)).expect(200);
      order = mine.body[0];
    });

    it('moves an unpaid order to another point: same items, code and status; the point tallies follow', async () => {
      expect(await summaryPoint(kemenkop)).toEqual({
        orders: 1,
        kg: 25,
        valueRp: 275_000,
        packs: [
          [5, 1],
          [20, 1],
        ],
      });
      expect(await summaryPoint(lenteng)).toEqual({
        orders: 1,
        kg: 30,
        valueRp: 330_000,
        packs: [
          [10, 1],
          [20, 1],
        ],
      });
      const moved = await change(rina, { droppingPointId: ref.points[lenteng].id }).expect(200);
      expect(moved.body).toMatchObject({
        id: order.id,
        droppingPointId: ref.points[lenteng].id,
        pickupCode: order.pickupCode,
        status: 'placed',
        fulfilment: 'pickup',
        totalKg: 25,
        totalRp: 275_000,
        items: order.items,
      });
      // The summary keeps a point's emptied pack rows at 0, as after a cancellation.
      expect(await summaryPoint(kemenkop)).toEqual({
        orders: 0,
        kg: 0,
        valueRp: 0,
        packs: [
          [5, 0],
          [20, 0],
        ],
      });
      expect(await summaryPoint(lenteng)).toEqual({
        orders: 2,
        kg: 55,
        valueRp: 605_000,
        packs: [
          [5, 1],
          [10, 1],
          [20, 2],
        ],
      });
      // Nothing else moved: capacity and the buyer's quota are as they were.
      expect((await allowance(rina)).products[0]).toMatchObject({ remainingKg: 5, orderedKg: 25 });
      // The same change again changes nothing and records nothing.
      await change(rina, { droppingPointId: ref.points[lenteng].id }).expect(200);
      expect(await summaryPoint(lenteng)).toMatchObject({ orders: 2, kg: 55 });
    });

    it('switches to home delivery within the point radius, and back to pickup', async () => {
      const missing = await change(rina, { fulfilment: 'delivery' }).expect(400);
      expect(missing.body.details).toEqual([{ field: 'deliveryAddress', messages: ['deliveryAddress is required for home delivery'] }]);
      const surabaya = await change(rina, {
        droppingPointId: bappenas,
        fulfilment: 'delivery',
        deliveryAddress: 'Jl. Raya Darmo No. 1, Surabaya',
        deliveryLatitude: -7.2875,
        deliveryLongitude: 112.7381,
      }).expect(400);
      expect(surabaya.body.details[0].field).toBe('deliveryLatitude');
      expect(surabaya.body.details[0].messages[0]).toMatch(/km from Kantor Bappenas; home delivery reaches 15 km$/);
      const noPin = await change(rina, {
        droppingPointId: bappenas,
        fulfilment: 'delivery',
        deliveryAddress: 'Jl. Cikini Raya No. 73, Menteng',
      }).expect(400);
      expect(noPin.body.details[0].field).toBe('deliveryLatitude');
      const home = await change(rina, {
        droppingPointId: bappenas,
        fulfilment: 'delivery',
        deliveryAddress: 'Jl. Cikini Raya No. 73, Menteng',
        deliveryLatitude: -6.1911,
        deliveryLongitude: 106.8389,
      }).expect(200);
      expect(home.body).toMatchObject({
        droppingPointId: bappenas,
        fulfilment: 'delivery',
        deliveryAddress: 'Jl. Cikini Raya No. 73, Menteng',
        deliveryLatitude: -6.1911,
        deliveryLongitude: 106.8389,
        status: 'placed',
        pickupCode: order.pickupCode,
      });
      const back = await change(rina, { fulfilment: 'pickup' }).expect(200);
      expect(back.body).toMatchObject({
        droppingPointId: bappenas,
        fulfilment: 'pickup',
        deliveryAddress: null,
        deliveryLatitude: null,
        deliveryLongitude: null,
      });
      expect(await summaryPoint(lenteng)).toMatchObject({ orders: 1, kg: 30 });
      const summary = await ctx.http.get(`/waves/${wave.id}/summary`).set(bearer(ref.adminToken)).expect(200);
      expect(summary.body.totals).toMatchObject({ orders: 2, kg: 55, valueRp: 605_000 });
      expect(summary.body.droppingPoints.find((p: any) => p.droppingPointId === bappenas)).toMatchObject({ orders: 1, kg: 25 });
    });

    it('keeps the history of every change', async () => {
      const history = await ctx.http.get(`/orders/${order.id}/history`).set(bearer(ref.adminToken)).expect(200);
      const changes = history.body.filter((entry: any) => entry.action === 'order.changed');
      expect(changes.map((entry: any) => [entry.actor.role, entry.actor.username, entry.before, entry.after])).toEqual([
        ['BUYER', rina.nip, { droppingPointId: ref.points[kemenkop].id }, { droppingPointId: ref.points[lenteng].id }],
        [
          'BUYER',
          rina.nip,
          {
            droppingPointId: ref.points[lenteng].id,
            fulfilment: 'pickup',
            deliveryAddress: null,
            deliveryLatitude: null,
            deliveryLongitude: null,
          },
          {
            droppingPointId: bappenas,
            fulfilment: 'delivery',
            deliveryAddress: 'Jl. Cikini Raya No. 73, Menteng',
            deliveryLatitude: -6.1911,
            deliveryLongitude: 106.8389,
          },
        ],
        [
          'BUYER',
          rina.nip,
          {
            fulfilment: 'delivery',
            deliveryAddress: 'Jl. Cikini Raya No. 73, Menteng',
            deliveryLatitude: -6.1911,
            deliveryLongitude: 106.8389,
          },
          { fulfilment: 'pickup', deliveryAddress: null, deliveryLatitude: null, deliveryLongitude: null },
        ],
      ]);
      // The status never changed: no status entry in the history.
      expect(history.body.filter((entry: any) => entry.action === 'order.status_changed')).toEqual([]);
    });

    it('keeps the per-point tallies equal to the orders when changes race with new orders', async () => {
      const busy = await createWave(ctx, ref, { capacityKg: 2_000, perBuyerLimitKg: 40 });
      const buyers = await Promise.all(Array.from({ length: 12 }, (_, i) => registerBuyer(ctx, 1720 + i)));
      const first = await Promise.all(
        buyers.slice(0, 6).map((b, i) => placeOrder(ctx, busy, b, ref.points[i % 2].id, i % 2 ? { 10: 1, 5: 1 } : { 10: 1 })),
      );
      // Every first order hops between the three points while the other buyers order.
      await Promise.all([
        ...first.flatMap((order, i) =>
          [1, 2, 0].map((hop) =>
            ctx.http
              .patch(`/orders/${order.id}`)
              .set(bearer(buyers[i].token))
              .send({ droppingPointId: ref.points[(i + hop) % 3].id })
              .expect(200),
          ),
        ),
        ...buyers.slice(6).map((b, i) => placeOrder(ctx, busy, b, ref.points[i % 3].id, { 20: 1 })),
      ]);
      const summary = await ctx.http.get(`/waves/${busy.id}/summary`).set(bearer(ref.adminToken)).expect(200);
      const actual = await sql<{ dropping_point_id: string; orders: number; kg: number; value_rp: string }>(
        ctx.databaseUrl,
        `SELECT dropping_point_id, count(*)::int AS orders, sum(total_kg)::int AS kg, sum(total_rp) AS value_rp
           FROM orders WHERE wave_id = $1 AND status <> 'cancelled' GROUP BY 1`,
        [busy.id],
      );
      const packs = await sql<{ dropping_point_id: string; size_kg: number; packs: number }>(
        ctx.databaseUrl,
        `SELECT o.dropping_point_id, i.size_kg, sum(i.quantity)::int AS packs FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.wave_id = $1 AND o.status <> 'cancelled' GROUP BY 1, 2`,
        [busy.id],
      );
      expect(actual.reduce((sum, row) => sum + row.orders, 0)).toBe(12);
      for (const point of ref.points) {
        const row = actual.find((r) => r.dropping_point_id === point.id) ?? { orders: 0, kg: 0, value_rp: '0' };
        const tallied = summary.body.droppingPoints.find((p: any) => p.droppingPointId === point.id);
        expect({ orders: tallied.orders, kg: tallied.kg, valueRp: tallied.valueRp }).toEqual({
          orders: row.orders,
          kg: row.kg,
          valueRp: Number(row.value_rp),
        });
        const expectedPacks = packs.filter((p) => p.dropping_point_id === point.id).map((p) => [p.size_kg, p.packs]);
        const talliedPacks = tallied.packs.filter((p: any) => p.packs > 0).map((p: any) => [p.sizeKg, p.packs]);
        expect(talliedPacks.sort()).toEqual(expectedPacks.sort());
      }
    });

    it("refuses another buyer's order, a point of another wave, an empty change, a paid order and a closed wave", async () => {
      expect((await change(agus, { droppingPointId: ref.points[kemenkop].id }).expect(404)).body.code).toBe('NOT_FOUND');
      const foreign = await change(rina, { droppingPointId: '6f1c2a5e-8b7d-4c3e-9a1f-2b3c4d5e6f70' }).expect(400);
      expect(foreign.body.details[0].field).toBe('droppingPointId');
      expect((await change(rina, {}).expect(400)).body.details[0].field).toBe('body');
      expect((await change(rina, { pickupCode: 'ABC123' }).expect(400)).body.details[0].field).toBe('pickupCode');
      await ctx.http.patch(`/orders/${order.id}`).set(bearer(officer.token)).send({ fulfilment: 'pickup' }).expect(403);

      const agusOrder = (await ctx.http.get(`/me/orders?waveId=${wave.id}`).set(bearer(agus.token)).expect(200)).body[0];
      await pay(ctx, officer.token, agusOrder);
      const paid = await change(agus, { droppingPointId: ref.points[kemenkop].id }, agusOrder.id).expect(409);
      expect(paid.body).toMatchObject({ code: 'ORDER_NOT_CHANGEABLE' });

      const closing = await createWave(ctx, ref, { capacityKg: 100, closesInMs: 2_500 });
      const late = await placeOrder(ctx, closing, rina, ref.points[kemenkop].id, { 5: 1 });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const closed = await change(rina, { droppingPointId: ref.points[lenteng].id }, late.id).expect(409);
      expect(closed.body.code).toBe('WAVE_NOT_OPEN');
      const stayed = await ctx.http.get(`/orders/${late.id}`).set(bearer(rina.token)).expect(200);
      expect(stayed.body.droppingPointId).toBe(ref.points[kemenkop].id);
    });
  });

  describe('a forgotten password', () => {
    let dewi: TestBuyer;
    const dewiPhone = '6281200001703';
    let redis: Redis;

    beforeAll(async () => {
      dewi = await registerBuyer(ctx, 1703);
      // Tokens count in whole seconds: Dewi's token from registration must be from before the reset's second.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    });

    afterAll(() => redis.quit());

    const codesTo = (phone: string, count: number) =>
      eventually(
        async () => {
          const rows = await sql<{ code: string }>(
            ctx.databaseUrl,
            `SELECT params->>'code' AS code FROM notifications WHERE kind = 'otp' AND address = $1 ORDER BY created_at, id`,
            [phone],
          );
          return rows.length >= count ? rows.map((row) => row.code) : undefined;
        },
        5_000,
        `${count} code(s) to ${phone}`,
      );
    const ask = (nip: string, ip = '198.51.100.7') => ctx.http.post('/auth/password-reset').set('X-Forwarded-For', ip).send({ nip });
    const confirm = (body: object, ip = '198.51.100.7') =>
      ctx.http.post('/auth/password-reset/confirm').set('X-Forwarded-For', ip).send(body);

    it('sends a code to the phone of the account and sets the new password with it, once', async () => {
      const asked = await ask(dewi.nip).expect(202);
      expect(asked.body).toEqual({
        status: 'CODE_SENT',
        message:
          'Jika NIP ini terdaftar, kode untuk mengganti kata sandi telah dikirim ke nomor HP akun (a code has been sent if this NIP has an account)',
      });
      const [code] = await codesTo(dewiPhone, 1);
      expect(code).toMatch(/^\d{6}$/);
      // Only a digest of the code is kept.
      const stored = await redis.hgetall(`${ctx.redisPrefix}:password-reset-code:${dewi.nip}`);
      expect(stored.code).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.values(stored)).not.toContain(code);

      const weak = await confirm({ nip: dewi.nip, code, newPassword: dewi.nip }).expect(400);
      expect(weak.body.details.map((d: any) => d.field)).toEqual(['newPassword']);
      await confirm({ nip: dewi.nip, code, newPassword: 'kopi-tubruk-pagi' }).expect(204);
      expect(await login(ctx, dewi.nip, 'kopi-tubruk-pagi')).toEqual(expect.any(String));
      await ctx.http.post('/auth/login').send({ username: dewi.nip, password: 'password-1703' }).expect(401);
      // The session opened with the old password ends with it.
      const ended = await ctx.http.get('/me').set(bearer(dewi.token)).expect(401);
      expect(ended.body.code).toBe('UNAUTHENTICATED');
      dewi.token = await login(ctx, dewi.nip, 'kopi-tubruk-pagi');
      await ctx.http.get('/me').set(bearer(dewi.token)).expect(200);
      const reused = await confirm({ nip: dewi.nip, code, newPassword: 'teh-manis-sore' }).expect(400);
      expect(reused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'code' }] });

      const audit = await sql<{ actor_user_id: string; actor_role: string }>(
        ctx.databaseUrl,
        `SELECT a.actor_user_id, a.actor_role FROM audit_entries a WHERE a.action = 'buyer.password_reset' AND a.entity_id = $1`,
        [dewi.id],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_role).toBe('BUYER');
    });

    it('burns a code after a few wrong tries', async () => {
      await ask(dewi.nip).expect(202);
      const [, code] = await codesTo(dewiPhone, 2);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) await confirm({ nip: dewi.nip, code: wrong, newPassword: 'gado-gado-siang' }).expect(400);
      await confirm({ nip: dewi.nip, code, newPassword: 'gado-gado-siang' }).expect(400);
      await ctx.http.post('/auth/login').send({ username: dewi.nip, password: 'gado-gado-siang' }).expect(401);
    });

    it('answers alike for a NIP without an account, sending nothing', async () => {
      const unknown = nipFor(1799);
      const asked = await ask(unknown).expect(202);
      expect(asked.body.status).toBe('CODE_SENT');
      const refused = await confirm({ nip: unknown, code: '123456', newPassword: 'rendang-padang-enak' }).expect(400);
      expect(refused.body.details).toEqual([{ field: 'code', messages: ['code is not valid: wrong, expired or used; ask for a new one'] }]);
      const sent = await sql(ctx.databaseUrl, `SELECT 1 FROM notifications WHERE kind = 'otp' AND address <> $1`, [dewiPhone]);
      expect(sent).toEqual([]);
      const bad = await ask('12345').expect(400);
      expect(bad.body.details.map((d: any) => d.field)).toEqual(['nip']);
    });

    it('limits codes per NIP and requests per client address', async () => {
      // Dewi has asked twice; the third code is the last one this window (RATE_LIMIT_CODES_PER_NIP = 3).
      await ask(dewi.nip, '198.51.100.8').expect(202);
      const perNip = await ask(dewi.nip, '198.51.100.9').expect(429);
      expect(perNip.body.code).toBe('TOO_MANY_REQUESTS');
      expect(perNip.headers['retry-after-reset-code-nip']).toBeDefined();
      // Twenty requests per address per window (RATE_LIMIT_REGISTER_PER_ADDRESS in this test).
      for (let i = 0; i < 20; i++) await ask(nipFor(1800 + i), '198.51.100.10').expect(202);
      const perAddress = await ask(nipFor(1900), '198.51.100.10').expect(429);
      expect(Number(perAddress.headers['retry-after-reset-address'])).toBeGreaterThan(0);
      await ask(nipFor(1900), '198.51.100.11').expect(202);
    });
  });

  describe('the money of an order', () => {
    it('shows payments, what is still due, refunds paid (a reversed payment) and owed (the order cancelled after payment)', async () => {
      const moneyWave = await createWave(ctx, ref, { capacityKg: 200 });
      const order = await placeOrder(ctx, moneyWave, rina, ref.points[kemenkop].id, { 10: 1 });
      const money = async () => (await ctx.http.get(`/orders/${order.id}`).set(bearer(rina.token)).expect(200)).body.money;
      expect(await money()).toEqual({
        totalRp: 110_000,
        voucherRp: 0,
        paidRp: 0,
        dueRp: 110_000,
        payments: [],
        refunds: [],
        refundOwedRp: 0,
        refundPaidRp: 0,
      });

      const cash = await pay(ctx, officer.token, order, 'CASH');
      expect(await money()).toMatchObject({
        paidRp: 110_000,
        dueRp: 0,
        payments: [{ method: 'CASH', amountRp: 110_000, reference: null, reversed: false, reversedAt: null, reversalReason: null }],
        refunds: [],
      });

      await ctx.http
        .post(`/payments/${cash.body.id}/reverse`)
        .set(bearer(ref.adminToken))
        .send({ reason: 'Uang dikembalikan: salah titik' })
        .expect(200);
      const reversed = await money();
      expect(reversed).toMatchObject({
        paidRp: 0,
        dueRp: 110_000,
        payments: [{ method: 'CASH', amountRp: 110_000, reversed: true, reversalReason: 'Uang dikembalikan: salah titik' }],
        refunds: [
          { kind: 'payment_reversed', amountRp: 110_000, status: 'paid', reason: 'Uang dikembalikan: salah titik', reference: null },
        ],
        refundOwedRp: 0,
        refundPaidRp: 110_000,
      });
      expect(reversed.payments[0].receivedAt).toMatch(/\+07:00$/);
      expect(reversed.refunds[0].paidAt).toBe(reversed.payments[0].reversedAt);

      await ctx.http
        .post(`/orders/${order.id}/payments`)
        .set(bearer(officer.token))
        .send({ method: 'TRANSFER', amountRp: 110_000, reference: 'BRI-1701' })
        .expect(201);
      await ctx.http.post(`/waves/${moneyWave.id}/cancel`).set(bearer(ref.adminToken)).send({ reason: 'Pasokan batal' }).expect(200);
      const cancelled = await ctx.http.get(`/orders/${order.id}`).set(bearer(rina.token)).expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'wave_cancelled' });
      expect(cancelled.body.money).toMatchObject({
        paidRp: 110_000,
        dueRp: 0,
        payments: [
          { method: 'CASH', reversed: true },
          { method: 'TRANSFER', amountRp: 110_000, reference: 'BRI-1701', reversed: false },
        ],
        refunds: [
          { kind: 'order_cancelled', amountRp: 110_000, status: 'owed', paidAt: null },
          { kind: 'payment_reversed', amountRp: 110_000, status: 'paid' },
        ],
        refundOwedRp: 110_000,
        refundPaidRp: 110_000,
      });
      // Another buyer does not see it at all.
      await ctx.http.get(`/orders/${order.id}`).set(bearer(agus.token)).expect(404);
    });

    it('shows the refund a shortfall owes on a paid order, and once the desk paid it back in cash, as paid', async () => {
      const short = await createWave(ctx, ref, { capacityKg: 100, closesInMs: 3_000 });
      const order = await placeOrder(ctx, short, agus, ref.points[kemenkop].id, { 20: 1, 5: 1 });
      await pay(ctx, officer.token, order, 'CASH');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(short.closesAt).getTime() + 1_050 - Date.now())));
      await ctx.apps[0].get(WaveLifecycleService).sweep();
      const [po] = (await ctx.http.get(`/waves/${short.id}/purchase-orders`).set(bearer(ref.adminToken)).expect(200)).body;
      await ctx.http
        .post(`/purchase-orders/${po.id}/confirm`)
        .set(bearer(ref.adminToken))
        .send({ shortfalls: [{ productId: ref.productId, kg: 20 }] })
        .expect(200);
      const money = async () => (await ctx.http.get(`/orders/${order.id}`).set(bearer(agus.token)).expect(200)).body;
      const cut = await money();
      expect(cut).toMatchObject({ status: 'paid', totalKg: 5, totalRp: 55_000 });
      expect(cut.money).toMatchObject({
        totalRp: 55_000,
        paidRp: 275_000,
        dueRp: 0,
        refunds: [{ kind: 'shortfall', amountRp: 220_000, status: 'owed', paidAt: null }],
        refundOwedRp: 220_000,
        refundPaidRp: 0,
      });
      await ctx.http.post(`/orders/${order.id}/refund-payouts`).set(bearer(officer.token)).send({ amountRp: 220_000 }).expect(201);
      const paidBack = (await money()).money;
      expect(paidBack).toMatchObject({
        refunds: [{ kind: 'shortfall', amountRp: 220_000, status: 'paid', reference: 'tunai di titik' }],
        refundOwedRp: 0,
        refundPaidRp: 220_000,
      });
      expect(paidBack.refunds[0].paidAt).toMatch(/\+07:00$/);
    });
  });
});
