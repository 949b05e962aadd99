import Redis from 'ioredis';
import * as jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  bearer,
  createWave,
  login,
  packOf,
  referenceCase,
  ReferenceCase,
  registerBuyer,
  registerBuyers,
  TestBuyer,
} from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';
import { createOfficer, createStaff, pay, placeOrder, PlacedOrder, Staff } from './desk-fixtures';
import { discoverRoutes, RoleName, ROLES } from './security-routes';

const TEST_JWT_SECRET = 'test-secret-at-least-sixteen-chars';

const withIds = (path: string) => path.replace(/:[A-Za-z]+/g, () => randomUUID());

describe('Security matrix', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let tokens: Record<RoleName, string>;
  let wave: any;
  let otherCoopWave: any;
  let draftWave: any;
  let owner: TestBuyer;
  let stranger: TestBuyer;
  let officer: Staff;
  let otherOfficer: Staff;
  let managerA: Staff;
  let managerB: Staff;
  let order: PlacedOrder;
  let otherCoopId: string;
  let sugarId: string;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    [owner, stranger] = await registerBuyers(ctx, 2, 900);
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
    otherOfficer = await createOfficer(ctx, ref, 'petugas.lentengagung', [ref.points[1].id]);
    managerA = await createStaff(ctx, ref, 'manajer.tanimulus', 'COOP_MANAGER', { cooperativeId: ref.cooperativeId });
    const otherCoop = await ctx.http
      .post('/cooperatives')
      .set(bearer(ref.adminToken))
      .send({ name: 'Koperasi Gula Jaya', region: 'Kabupaten Cirebon' })
      .expect(201);
    otherCoopId = otherCoop.body.id;
    const sugar = await ctx.http
      .post(`/cooperatives/${otherCoopId}/products`)
      .set(bearer(ref.adminToken))
      .send({
        commodity: 'gula pasir',
        name: 'Gula pasir Cirebon',
        pricePerKgRp: 14_000,
        availableKg: 5_000,
        packs: [{ sizeKg: 1 }, { sizeKg: 2 }],
      })
      .expect(201);
    sugarId = sugar.body.id;
    managerB = await createStaff(ctx, ref, 'manajer.gulajaya', 'COOP_MANAGER', { cooperativeId: otherCoopId });
    tokens = { ADMIN: ref.adminToken, COOP_MANAGER: managerA.token, OFFICER: officer.token, BUYER: owner.token };

    wave = await createWave(ctx, ref, { capacityKg: 1_000 });
    draftWave = await createWave(ctx, ref, { capacityKg: 1_000, publish: false });
    otherCoopWave = await createWave(ctx, { ...ref, productId: sugar.body.id }, { capacityKg: 500, perBuyerLimitKg: 10 });
    order = await placeOrder(ctx, wave, owner, ref.points[0].id, { 5: 1 });
    await pay(ctx, officer.token, order);
  });

  afterAll(() => ctx.close());

  it('finds the routes of the core and of the desk', () => {
    const routes = discoverRoutes(ctx.apps[0]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    for (const expected of [
      'POST /auth/login',
      'POST /waves/:id/orders',
      'GET /orders/:id',
      'GET /dropping-points/:id/orders',
      'POST /orders/:id/payments',
      'POST /dropping-points/:id/receipts',
      'POST /orders/:id/handover',
      'GET /orders/:id/history',
      'GET /orders/:id/qr.png',
      'GET /dropping-points/:id/pickup-list.csv',
    ]) {
      expect(routes).toContain(expected);
    }
  });

  it('answers 401 without a token and 403 to every role a route does not declare, on every route', async () => {
    const failures: string[] = [];
    const routes = discoverRoutes(ctx.apps[0]);
    expect(routes.length).toBeGreaterThan(35);
    for (const route of routes) {
      const path = withIds(route.path);
      const call = (token?: string) => {
        const req = (ctx.http as any)[route.method](path);
        return token ? req.set(bearer(token)) : req;
      };
      if (route.public) continue;
      const anonymous = await call();
      const refusedAnonymous = route.page
        ? anonymous.status === 303 && String(anonymous.headers.location).startsWith('/masuk')
        : anonymous.status === 401 && anonymous.body.code === 'UNAUTHENTICATED';
      if (!refusedAnonymous) failures.push(`${route.method} ${route.path} without token: ${anonymous.status}`);
      for (const role of ROLES.filter((r) => !route.roles.includes(r))) {
        const response = await call(tokens[role]);
        const refused = route.page
          ? response.status === 403 && /text\/html/.test(response.headers['content-type'])
          : response.status === 403 && response.body.code === 'FORBIDDEN';
        if (!refused) failures.push(`${route.method} ${route.path} as ${role}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps every route declared: a route with neither @Roles nor @Public would be refused to all', () => {
    const undeclared = discoverRoutes(ctx.apps[0]).filter((r) => !r.public && r.roles.length === 0);
    expect(undeclared.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  describe("other people's resources", () => {
    const cases: [string, number, () => { method: string; path: string; token: string; body?: object }][] = [
      // another buyer's order: its existence does not leak
      ['GET /orders/:id, another buyer', 404, () => ({ method: 'get', path: `/orders/${order.id}`, token: stranger.token })],
      [
        'POST /orders/:id/cancel, another buyer',
        404,
        () => ({ method: 'post', path: `/orders/${order.id}/cancel`, token: stranger.token }),
      ],
      ['GET /orders/:id/qr.png, another buyer', 404, () => ({ method: 'get', path: `/orders/${order.id}/qr.png`, token: stranger.token })],
      ['GET /orders/:id/qr.png, its buyer', 200, () => ({ method: 'get', path: `/orders/${order.id}/qr.png`, token: owner.token })],
      // another point's order: 404 like an unknown id, so an officer cannot tell it exists elsewhere (issue 16, finding 9);
      // a point's own routes (below) answer 403 for a point the officer does not serve, points being public
      ['GET /orders/:id, officer of another point', 404, () => ({ method: 'get', path: `/orders/${order.id}`, token: otherOfficer.token })],
      ['GET /orders/:id, officer of its point', 200, () => ({ method: 'get', path: `/orders/${order.id}`, token: officer.token })],
      [
        'GET /orders/:id/qr.png, officer of another point',
        404,
        () => ({ method: 'get', path: `/orders/${order.id}/qr.png`, token: otherOfficer.token }),
      ],
      [
        'POST /orders/:id/payments, officer of another point',
        404,
        () => ({
          method: 'post',
          path: `/orders/${order.id}/payments`,
          token: otherOfficer.token,
          body: { method: 'CASH', amountRp: order.totalRp },
        }),
      ],
      [
        'GET /orders/:id/payments, officer of another point',
        404,
        () => ({ method: 'get', path: `/orders/${order.id}/payments`, token: otherOfficer.token }),
      ],
      [
        'POST /orders/:id/handover, officer of another point',
        404,
        () => ({ method: 'post', path: `/orders/${order.id}/handover`, token: otherOfficer.token, body: { pickupCode: order.pickupCode } }),
      ],
      [
        'POST /orders/:id/no-show, officer of another point',
        404,
        () => ({ method: 'post', path: `/orders/${order.id}/no-show`, token: otherOfficer.token, body: {} }),
      ],
      [
        'GET /dropping-points/:id/orders, another point',
        403,
        () => ({ method: 'get', path: `/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}`, token: otherOfficer.token }),
      ],
      [
        'GET /dropping-points/:id/orders, own point',
        200,
        () => ({ method: 'get', path: `/dropping-points/${ref.points[1].id}/orders?waveId=${wave.id}`, token: otherOfficer.token }),
      ],
      [
        'POST /dropping-points/:id/receipts, another point',
        403,
        () => ({
          method: 'post',
          path: `/dropping-points/${ref.points[0].id}/receipts`,
          token: otherOfficer.token,
          body: { waveId: wave.id, packs: [{ packId: packOf(wave, 5), quantity: 1 }] },
        }),
      ],
      [
        'GET /dropping-points/:id/receipts, another point',
        403,
        () => ({ method: 'get', path: `/dropping-points/${ref.points[0].id}/receipts?waveId=${wave.id}`, token: otherOfficer.token }),
      ],
      [
        'GET /dropping-points/:id/pickup-list.csv, another point',
        403,
        () => ({
          method: 'get',
          path: `/dropping-points/${ref.points[0].id}/pickup-list.csv?waveId=${wave.id}`,
          token: otherOfficer.token,
        }),
      ],
      [
        'GET /dropping-points/:id/pickup-list.html, another point',
        403,
        () => ({
          method: 'get',
          path: `/dropping-points/${ref.points[0].id}/pickup-list.html?waveId=${wave.id}`,
          token: otherOfficer.token,
        }),
      ],
      // another cooperative's wave and cooperative
      [
        'GET /waves/:id, manager of another cooperative',
        404,
        () => ({ method: 'get', path: `/waves/${otherCoopWave.id}`, token: managerA.token }),
      ],
      [
        'GET /waves/:id/summary, manager of another cooperative',
        404,
        () => ({ method: 'get', path: `/waves/${otherCoopWave.id}/summary`, token: managerA.token }),
      ],
      [
        'GET /waves/:id, manager of its cooperative',
        200,
        () => ({ method: 'get', path: `/waves/${otherCoopWave.id}`, token: managerB.token }),
      ],
      [
        'GET /cooperatives/:id, manager of another cooperative',
        403,
        () => ({ method: 'get', path: `/cooperatives/${otherCoopId}`, token: managerA.token }),
      ],
      [
        'POST /cooperatives/:id/products, manager of another cooperative',
        403,
        () => ({
          method: 'post',
          path: `/cooperatives/${otherCoopId}/products`,
          token: managerA.token,
          body: { commodity: 'beras', name: 'Beras', pricePerKgRp: 1, packs: [{ sizeKg: 5 }] },
        }),
      ],
      // a draft wave is not there for buyers
      ['GET /waves/:id, a draft, buyer', 404, () => ({ method: 'get', path: `/waves/${draftWave.id}`, token: owner.token })],
      // unknown ids
      [
        'GET /orders/:id/history, unknown order',
        404,
        () => ({ method: 'get', path: `/orders/${randomUUID()}/history`, token: ref.adminToken }),
      ],
      [
        'POST /orders/:id/payments, unknown order',
        404,
        () => ({ method: 'post', path: `/orders/${randomUUID()}/payments`, token: officer.token, body: { method: 'CASH', amountRp: 1 } }),
      ],
      [
        'POST /payments/:id/reverse, unknown payment',
        404,
        () => ({ method: 'post', path: `/payments/${randomUUID()}/reverse`, token: ref.adminToken, body: { reason: 'test' } }),
      ],
      [
        'POST /cash-handovers/:id/confirm, unknown hand-over',
        404,
        () => ({ method: 'post', path: `/cash-handovers/${randomUUID()}/confirm`, token: ref.adminToken }),
      ],
      [
        'GET /dropping-points/:id/orders, unknown point',
        404,
        () => ({ method: 'get', path: `/dropping-points/${randomUUID()}/orders`, token: ref.adminToken }),
      ],
      [
        'POST /dropping-points/:id/receipts, unknown point',
        404,
        () => ({
          method: 'post',
          path: `/dropping-points/${randomUUID()}/receipts`,
          token: officer.token,
          body: { waveId: wave.id, packs: [{ packId: packOf(wave, 5), quantity: 1 }] },
        }),
      ],
      ['GET /waves/:id/cash, unknown wave', 404, () => ({ method: 'get', path: `/waves/${randomUUID()}/cash`, token: officer.token })],
    ];

    it.each(cases)('%s -> %i', async (_name, expected, make) => {
      const c = make();
      const req = (ctx.http as any)[c.method](c.path).set(bearer(c.token));
      const response = c.body ? await req.send(c.body) : await req;
      expect({ status: response.status, code: response.body?.code }).toMatchObject({
        status: expected,
        ...(expected === 403 ? { code: 'FORBIDDEN' } : expected === 404 ? { code: 'NOT_FOUND' } : {}),
      });
    });

    it('answers an officer of another point exactly as for an order that does not exist, on every order route of the desk', async () => {
      const routes: [string, string, object?][] = [
        ['get', '/orders/:id/qr.png'],
        ['get', '/orders/:id/payments'],
        ['post', '/orders/:id/payments', { method: 'CASH', amountRp: order.totalRp }],
        ['post', '/orders/:id/handover', { pickupCode: order.pickupCode }],
        ['post', '/orders/:id/no-show', {}],
      ];
      for (const [method, path, body] of routes) {
        const answer = async (id: string) => {
          const req = (ctx.http as any)[method](path.replace(':id', id)).set(bearer(otherOfficer.token));
          const response = body ? await req.send(body) : await req;
          const { requestId: _requestId, ...rest } = response.body ?? {};
          return { status: response.status, body: rest };
        };
        const elsewhere = await answer(order.id);
        expect(elsewhere.status).toBe(404);
        expect(elsewhere).toEqual(await answer(randomUUID()));
      }
    });

    it('shows an officer only their own cash, and everyone only their own orders', async () => {
      const custody = await ctx.http.get(`/waves/${wave.id}/cash`).set(bearer(otherOfficer.token)).expect(200);
      expect(custody.body.officers).toEqual([]);
      expect(custody.body.reconciliation).toBeUndefined();
      const mine = await ctx.http.get('/me/orders').set(bearer(stranger.token)).expect(200);
      expect(mine.body).toEqual([]);
    });
  });

  describe('data inside answers', () => {
    const packId = (w: any, productId: string, sizeKg: number) =>
      w.products.find((p: any) => p.productId === productId).packs.find((pack: any) => pack.sizeKg === sizeKg).id;

    it('shows each role only its share of a wave summary: a manager their cooperative, an officer their points', async () => {
      const mixed = await createWave(ctx, ref, {
        products: [
          { productId: ref.productId, capacityKg: 1_000, perBuyerLimitKg: 40 },
          { productId: sugarId, capacityKg: 500, perBuyerLimitKg: 10 },
        ],
      });
      const items = [
        { packId: packId(mixed, ref.productId, 10), quantity: 1 },
        { packId: packId(mixed, sugarId, 2), quantity: 2 },
      ];
      await ctx.http
        .post(`/waves/${mixed.id}/orders`)
        .set(bearer(owner.token))
        .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items })
        .expect(201);
      await ctx.http
        .post(`/waves/${mixed.id}/orders`)
        .set(bearer(stranger.token))
        .send({ droppingPointId: ref.points[1].id, fulfilment: 'pickup', items: [items[1]] })
        .expect(201);
      const summaryAs = async (token: string) => (await ctx.http.get(`/waves/${mixed.id}/summary`).set(bearer(token)).expect(200)).body;

      const admin = await summaryAs(ref.adminToken);
      expect(admin.totals).toMatchObject({ orders: 2, kg: 18 });
      expect(admin.products.map((p: any) => p.orderedKg).sort()).toEqual([10, 8].sort());

      const rice = await summaryAs(managerA.token);
      expect(rice.products.map((p: any) => p.name)).toEqual(['Beras premium Indramayu']);
      expect(rice.totals).toEqual({
        kg: 10,
        packs: [expect.objectContaining({ productName: 'Beras premium Indramayu', sizeKg: 10, packs: 1, kg: 10 })],
      });
      for (const point of rice.droppingPoints) {
        expect(Object.keys(point).sort()).toEqual(['droppingPointId', 'kg', 'name', 'packs']);
        expect(point.packs.every((pack: any) => pack.productName === 'Beras premium Indramayu')).toBe(true);
      }
      const sugar = await summaryAs(managerB.token);
      expect(sugar.products.map((p: any) => p.name)).toEqual(['Gula pasir Cirebon']);
      expect(sugar.totals.kg).toBe(8);

      const desk = await summaryAs(officer.token);
      expect(desk.droppingPoints.map((p: any) => p.droppingPointId)).toEqual([ref.points[0].id]);
      expect(desk.totals).toMatchObject({ orders: 1, kg: 14 });
      expect(desk.products.map((p: any) => p.orderedKg).sort()).toEqual([10, 4].sort());

      const onePoint = await createWave(ctx, { ...ref, points: [ref.points[0]] }, { capacityKg: 100 });
      const elsewhere = await ctx.http.get(`/waves/${onePoint.id}/summary`).set(bearer(otherOfficer.token)).expect(404);
      expect(elsewhere.body.code).toBe('NOT_FOUND');
    });

    it('lists to a manager only the waves of their cooperative, and to an officer only their points', async () => {
      const waves = (await ctx.http.get('/waves').set(bearer(managerA.token)).expect(200)).body;
      expect(waves.map((w: any) => w.id)).not.toContain(otherCoopWave.id);
      const points = (await ctx.http.get('/me/dropping-points').set(bearer(otherOfficer.token)).expect(200)).body;
      expect(points.map((p: any) => p.id)).toEqual([ref.points[1].id]);
    });
  });

  describe('tokens', () => {
    const sign = (claims: object, secret = TEST_JWT_SECRET, options: jwt.SignOptions = {}) =>
      jwt.sign(claims, secret, { algorithm: 'HS256', ...options });

    it('refuses an expired token, a forged one, an unsigned one and a malformed header', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = sign({ sub: officer.id, role: 'OFFICER', iat: now - 9 * 3600, exp: now - 3600 });
      const forged = sign({ sub: officer.id, role: 'ADMIN' }, 'another-secret-of-sixteen-chars', { expiresIn: '1h' });
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: officer.id, role: 'ADMIN', exp: now + 3600 })).toString('base64url')}.`;
      const path = `/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}`;
      for (const token of [expired, forged, unsigned, 'not-a-jwt']) {
        const response = await ctx.http.get(path).set(bearer(token)).expect(401);
        expect(response.body.code).toBe('UNAUTHENTICATED');
      }
      await ctx.http
        .get(path)
        .set('Authorization', `Basic ${Buffer.from('admin:x').toString('base64')}`)
        .expect(401);
      // The same claims, still valid, pass: it is the expiry that was refused.
      const fresh = sign({ sub: officer.id, role: 'OFFICER', iat: now, exp: now + 3600 });
      await ctx.http.get(path).set(bearer(fresh)).expect(200);
    });

    it("stops a disabled user's token at once, and lets it work again when enabled", async () => {
      const temp = await createOfficer(ctx, ref, 'petugas.sementara', [ref.points[0].id]);
      const path = `/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}`;
      await ctx.http.get(path).set(bearer(temp.token)).expect(200);
      await ctx.http.post(`/users/${temp.id}/disable`).set(bearer(ref.adminToken)).expect(200);
      const refused = await ctx.http.get(path).set(bearer(temp.token)).expect(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
      await ctx.http.post('/auth/login').send({ username: 'petugas.sementara', password: 'petugas.sementara-password' }).expect(401);
      await ctx.http.post(`/orders/${order.id}/handover`).set(bearer(temp.token)).send({ pickupCode: order.pickupCode }).expect(401);
      await ctx.http.post(`/users/${temp.id}/enable`).set(bearer(ref.adminToken)).expect(200);
      await ctx.http.get(path).set(bearer(temp.token)).expect(200);
    });
  });
});

describe('Rate limits, shared by all instances through Redis', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let wave: any;

  beforeAll(async () => {
    ctx = await startTestContext({
      TRUST_PROXY: 'true',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
      RATE_LIMIT_LOGIN_PER_ADDRESS: '6',
      RATE_LIMIT_LOGIN_ACCOUNT_BLOCK_SECONDS: '120',
      RATE_LIMIT_ORDERS_PER_BUYER: '3',
    });
    await ctx.startInstance();
    ref = await referenceCase(ctx);
    wave = await createWave(ctx, ref, { capacityKg: 1_000, perBuyerLimitKg: 40 });
  });

  afterAll(() => ctx.close());

  /** Each call from its own client address unless told: TRUST_PROXY is on here, so X-Forwarded-For names the client. */
  const attempt = (
    instance: number,
    username: string,
    password: string,
    address = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  ) => request(ctx.apps[instance].getHttpServer()).post('/auth/login').set('X-Forwarded-For', address).send({ username, password });

  it('locks an account after failed attempts in a row, whichever instance they reach; a success clears the count', async () => {
    await createOfficer(ctx, ref, 'petugas.a', [ref.points[0].id]);
    await createOfficer(ctx, ref, 'petugas.b', [ref.points[0].id]);
    // petugas.b: two wrong, one right, two wrong, one right: never locked.
    for (const password of ['x', 'y', 'petugas.b-password', 'x', 'y', 'petugas.b-password']) {
      const response = await attempt(0, 'petugas.b', password);
      expect(response.status).toBe(password === 'x' || password === 'y' ? 401 : 200);
    }
    // petugas.a: three wrong on alternating instances, then even the right password waits.
    for (const instance of [0, 1, 0]) await attempt(instance, 'petugas.a', 'wrong').expect(401);
    const locked = await attempt(1, 'PETUGAS.A ', 'petugas.a-password').expect(429);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(locked.headers['retry-after-login-account'])).toBeGreaterThan(60);
    await attempt(0, 'petugas.a', 'petugas.a-password').expect(429);
    await attempt(0, 'petugas.b', 'petugas.b-password').expect(200);
  });

  it('limits login attempts from one address across accounts', async () => {
    const address = '198.51.100.23';
    for (let i = 0; i < 6; i++) await attempt(i % 2, `nobody.${i}`, 'wrong', address).expect(401);
    const refused = await attempt(0, 'nobody.6', 'wrong', address).expect(429);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    await attempt(1, 'nobody.7', 'wrong', '198.51.100.24').expect(401);
  });

  it('limits order placement per buyer across instances, and not the next buyer', async () => {
    const [bot, person] = [await registerBuyer(ctx, 1_000), await registerBuyer(ctx, 1_001)];
    const body = { droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 1 }] };
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (
          await request(ctx.apps[i % 2].getHttpServer())
            .post(`/waves/${wave.id}/orders`)
            .set(bearer(bot.token))
            .send(body)
        ).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    await ctx.http.post(`/waves/${wave.id}/orders`).set(bearer(person.token)).send(body).expect(201);
    // Everything above is counted under this deployment's REDIS_PREFIX.
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`*${ctx.redisPrefix}:rate-limit:*`);
      expect(keys.some((key) => key.includes(`${ctx.redisPrefix}:rate-limit:order-buyer:buyer:${bot.id}`))).toBe(true);
      expect(keys.some((key) => key.includes(':rate-limit:login-address:address:198.51.100.23'))).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('does not count other routes', async () => {
    const token = await login(ctx, 'admin', 'admin-password-for-tests');
    for (let i = 0; i < 10; i++) await ctx.http.get('/waves').set(bearer(token)).expect(200);
  });
});
