import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer, loginAdmin } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';
import { discoverRoutes } from './security-routes';

const MB = 1024 * 1024;
const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const withIds = (path: string) => path.replace(/:[A-Za-z]+/g, () => randomUUID());

/** Strings that have given 500s or spoofing: NUL, lone surrogates, bidi overrides, zero-width, CR/LF, only spaces. */
const NASTY = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202eakan\u202c', 'Si\u200bti', 'a\r\nb', '   ', '\u0007', '9'.repeat(30)];

describe('Hardening (finding 2): huge, deep and control-character bodies on every write route', () => {
  let ctx: TestContext;
  let adminToken: string;
  let writes: { method: string; path: string }[];

  beforeAll(async () => {
    ctx = await startTestContext();
    adminToken = await loginAdmin(ctx);
    writes = discoverRoutes(ctx.apps[0]).filter((r) => ['post', 'put', 'patch', 'delete'].includes(r.method));
    expect(writes.length).toBeGreaterThan(20);
  });

  afterAll(() => ctx.close());

  const send = (method: string, path: string, body: string, token?: string) => {
    const req = (ctx.http as any)[method](path).set('Content-Type', 'application/json');
    return (token ? req.set(bearer(token)) : req).send(body);
  };

  it('refuses a body over a few kB with 413 on every route but the roster import, before any parsing', async () => {
    const failures: string[] = [];
    const big = JSON.stringify({ name: 'x'.repeat(64 * 1024) });
    for (const route of writes.filter((r) => r.path !== '/buyers/import')) {
      const response = await send(route.method, withIds(route.path), big, adminToken);
      if (response.status !== 413 || response.body.code !== 'PAYLOAD_TOO_LARGE')
        failures.push(`${route.method} ${route.path}: ${response.status}`);
    }
    expect(failures).toEqual([]);
    // The roster import takes megabytes, from someone who shows credentials; an anonymous sender gets the small limit.
    const roster = `nip,name,agency,phone\n${'x'.repeat(2 * MB)}`;
    const anonymous = await ctx.http.post('/buyers/import').set('Content-Type', 'text/csv').send(roster);
    expect({ status: anonymous.status, code: anonymous.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const admin = await ctx.http.post('/buyers/import').set(bearer(adminToken)).set('Content-Type', 'text/csv').send(roster);
    expect(admin.status).toBe(400);
  });

  it('refuses a deeply nested body with 400 naming the body, on every route, never a 5xx', async () => {
    const failures: string[] = [];
    for (const route of writes) {
      for (const token of [adminToken, undefined]) {
        const response = await send(route.method, withIds(route.path), JSON.stringify({ items: JSON.parse(deep(2_000)) }), token);
        const ok = token
          ? response.status === 400 && response.body.details?.[0]?.field === 'body'
          : response.status === 400 || response.status === 401;
        if (!ok) failures.push(`${route.method} ${route.path} ${token ? 'admin' : 'anonymous'}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers every control-character, lone-surrogate and bidi string in every field with a 4xx or a success, never a 5xx', async () => {
    const failures: string[] = [];
    const fields = [
      'name',
      'agency',
      'username',
      'password',
      'nip',
      'phone',
      'address',
      'reason',
      'region',
      'commodity',
      'pickupCode',
      'deliveryAddress',
      'waveId',
      'note',
    ];
    for (const route of writes) {
      for (const nasty of NASTY) {
        const body = Object.fromEntries(fields.map((field) => [field, nasty]));
        const response = await send(route.method, withIds(route.path), JSON.stringify(body), adminToken);
        if (response.status >= 500) failures.push(`${route.method} ${route.path} ${JSON.stringify(nasty)}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps answering /health while megabyte and deep bodies arrive', async () => {
    const server = ctx.apps[0].getHttpServer();
    const hostile = [2 * MB, 4 * MB, 7 * MB].flatMap((size) => [
      request(server)
        .post('/buyers')
        .set('Content-Type', 'application/json')
        .send(`{"nip":${deep(size / 2).slice(0, size)}`)
        .catch(() => undefined),
      request(server)
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ username: 'a'.repeat(size), password: 'b' }))
        .catch(() => undefined),
    ]);
    const timings: number[] = [];
    const probe = (async () => {
      for (let i = 0; i < 20; i++) {
        const started = Date.now();
        await request(server).get('/health').expect(200);
        timings.push(Date.now() - started);
      }
    })();
    await Promise.all([probe, ...hostile]);
    timings.sort((a, b) => a - b);
    expect(timings[Math.floor(timings.length / 2)]).toBeLessThan(100);
  });
});
