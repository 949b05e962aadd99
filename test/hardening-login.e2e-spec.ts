import request from 'supertest';
import { bearer, login, referenceCase, ReferenceCase } from './support/fixtures';
import { ADMIN, startTestContext, TestContext } from './support/test-app';
import { createOfficer, createStaff } from './desk-fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Hardening (finding 3): nobody can lock someone else out of their account', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    ctx = await startTestContext({ TRUST_PROXY: 'true', RATE_LIMIT_LOGIN_PER_ACCOUNT: '3' });
    ref = await referenceCase(ctx);
    await createOfficer(ctx, ref, 'petugas.korban', [ref.points[0].id]);
  });

  afterAll(() => ctx.close());

  const attempt = (address: string, username: string, password: unknown) =>
    ctx.http.post('/auth/login').set('X-Forwarded-For', address).send({ username, password });

  it('slows the guesser down with growing delays, while the owner logs in from their own address and is told', async () => {
    const attacker = '203.0.113.7';
    for (let i = 0; i < 3; i++) await attempt(attacker, 'petugas.korban', `tebakan-${i}`).expect(401);
    const first = await attempt(attacker, 'petugas.korban', 'petugas.korban-password').expect(429);
    expect(first.body.code).toBe('TOO_MANY_REQUESTS');
    expect(first.headers['retry-after']).toBe('1');
    await sleep(1_100);
    await attempt(attacker, 'PETUGAS.KORBAN ', 'tebakan-3').expect(401);
    const second = await attempt(attacker, 'petugas.korban', 'tebakan-4').expect(429);
    expect(second.headers['retry-after']).toBe('2');
    expect(second.headers['retry-after-login-delay']).toBe('2');

    const owner = await attempt('198.51.100.10', 'petugas.korban', 'petugas.korban-password').expect(200);
    expect(owner.body.failedAttemptsSinceLastLogin).toBe(4);
    const again = await attempt('198.51.100.10', 'petugas.korban', 'petugas.korban-password').expect(200);
    expect(again.body.failedAttemptsSinceLastLogin).toBe(0);
  });

  it('does not count requests that fail validation, nor lock NIPs nobody registered', async () => {
    const address = '203.0.113.8';
    for (let i = 0; i < 10; i++) {
      const invalid = await attempt(address, 'petugas.korban', i % 2 ? '' : { not: 'a string' });
      expect(invalid.status).toBe(400);
    }
    const owner = await attempt(address, 'petugas.korban', 'petugas.korban-password').expect(200);
    expect(owner.body.failedAttemptsSinceLastLogin).toBe(0);
    // A NIP no one registered: a stranger's failures from elsewhere do not keep its future owner out.
    for (let i = 0; i < 12; i++) await attempt(`203.0.113.${20 + i}`, '198503122010011001', 'x').expect(401);
    await ctx.http
      .post('/buyers')
      .send({
        nip: '198503122010011001',
        name: 'Siti Rahmawati',
        agency: 'Kementerian Koperasi dan UKM',
        phone: '081234567890',
        password: 'rahasia-siti-2026',
      })
      .expect(201);
    await attempt('198.51.100.11', '198503122010011001', 'rahasia-siti-2026').expect(200);
  });
});

describe('Hardening (finding 3): per-address and global limits; an unknown user costs a hash too', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext({
      TRUST_PROXY: 'true',
      RATE_LIMIT_LOGIN_GLOBAL: '30',
      RATE_LIMIT_LOGIN_PER_ADDRESS: '12',
      PASSWORD_HASH_MEMORY_KIB: '32768',
    });
  });

  afterAll(() => ctx.close());

  const attempt = (address: string, username: string, password: string) =>
    ctx.http.post('/auth/login').set('X-Forwarded-For', address).send({ username, password });

  const elapsed = async (username: string) => {
    const started = process.hrtime.bigint();
    await attempt(`192.0.2.${Math.floor(Math.random() * 250)}`, username, 'salah-sekali').expect(401);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };

  it('answers an unknown username after the same hashing as a wrong password', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await elapsed(ADMIN.username));
      unknown.push(await elapsed(`tidak.ada.${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // A 32 MiB argon2id verification takes tens of ms; a lookup that finds no row takes about 1 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('limits one address, then the whole service', async () => {
    for (let i = 0; i < 12; i++) await attempt('203.0.113.50', `orang.${i}`, 'x').expect(401);
    const address = await attempt('203.0.113.50', 'orang.x', 'x').expect(429);
    expect(address.headers['retry-after-login-address']).toEqual(expect.any(String));
    // 8 + 13 so far; the service as a whole takes 30 in the window, whoever sends them.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt(`203.0.114.${i}`, `orang.${i}`, 'x')).status);
    expect(statuses).toEqual([...Array(9).fill(401), 429, 429, 429]);
  });
});

describe('Hardening (finding 1): the queue dashboard is behind the one login, its limits and its session', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    ctx = await startTestContext({ TRUST_PROXY: 'true', RATE_LIMIT_LOGIN_PER_ACCOUNT: '3' });
    ref = await referenceCase(ctx);
  });

  afterAll(() => ctx.close());

  const dashboard = (address: string) => ctx.http.get('/admin/queues').set('X-Forwarded-For', address);

  it('is no password oracle: Basic guesses are throttled like logins, and count with them', async () => {
    const address = '203.0.113.90';
    await dashboard(address).auth(ADMIN.username, 'tebak-1').expect(401);
    await ctx.http.post('/auth/login').set('X-Forwarded-For', address).send({ username: ADMIN.username, password: 'tebak-2' }).expect(401);
    await dashboard(address).auth(ADMIN.username, 'tebak-3').expect(401);
    const throttled = await dashboard(address).auth(ADMIN.username, ADMIN.password).expect(429);
    expect(throttled.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await ctx.http
      .post('/auth/login')
      .set('X-Forwarded-For', address)
      .send({ username: ADMIN.username, password: ADMIN.password })
      .expect(429);
  });

  it("takes the web pages' session cookie and a bearer token, and a disabled administrator loses it with the next request", async () => {
    const second = await createStaff(ctx, ref, 'admin.kedua', 'ADMIN');
    await ctx.http.get('/admin/queues/api/queues').set('Cookie', `gelombang_session=${second.token}`).expect(200);
    await ctx.http.get('/admin/queues/api/queues').set(bearer(second.token)).expect(200);
    const basic = await dashboard('198.51.100.90').auth('admin.kedua', 'admin.kedua-password').expect(200);
    const cookie = String(basic.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^gelombang_session=ey/);
    expect(String(basic.headers['set-cookie'])).toContain('HttpOnly');

    await ctx.http.post(`/users/${second.id}/disable`).set(bearer(ref.adminToken)).expect(200);
    for (const headers of [{ Cookie: cookie }, bearer(second.token)]) {
      const refused = await ctx.http.get('/admin/queues/api/queues').set(headers).expect(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
    }
    // The browser still sends its Basic credentials: they are the login of a disabled account.
    await request(ctx.apps[0].getHttpServer())
      .get('/admin/queues')
      .set('Cookie', cookie)
      .auth('admin.kedua', 'admin.kedua-password')
      .expect(401);
  });

  it('answers 403 to a session of another role', async () => {
    const officer = await createOfficer(ctx, ref, 'petugas.dasbor', [ref.points[0].id]);
    const refused = await ctx.http.get('/admin/queues').set('Cookie', `gelombang_session=${officer.token}`).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await login(ctx, 'petugas.dasbor', 'petugas.dasbor-password');
  });
});
