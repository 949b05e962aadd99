import Redis from 'ioredis';
import { bearer, createWave, loginAdmin, nipFor, referenceCase, ReferenceCase } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';
import { cookiesOf, csrfOf } from './web/support/forms';
import { eventually } from './notifications-support';

/**
 * Issue 16, finding 7 (civil-servant identity was self-declared) and finding 9 (password rule,
 * unthrottled registration): each test attacks the way the outside test did.
 */
describe('Hardening (finding 7): the roster is the source of truth for who a civil servant is', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let admin: { Authorization: string };
  const siti = { nip: nipFor(700), phone: '081270000700', address: '6281270000700' };
  const rina = { nip: nipFor(703), phone: '081270000703', address: '6281270000703' };
  const budi = { nip: nipFor(701), phone: '081270000701', address: '6281270000701' };
  const andi = { nip: nipFor(702), phone: '081270000702', address: '6281270000702' };
  const stranger = nipFor(799);

  beforeAll(async () => {
    ctx = await startTestContext({ TRUST_PROXY: 'true' });
    ref = await referenceCase(ctx);
    admin = bearer(await loginAdmin(ctx));
    await ctx.http
      .post('/buyers/import')
      .set(admin)
      .set('Content-Type', 'text/csv')
      .send(
        [
          'nip,name,agency,phone',
          `${siti.nip},Siti Rahmawati,Kementerian Koperasi dan UKM,${siti.phone}`,
          `${budi.nip},Budi Santoso,Bappenas,${budi.phone}`,
          `${andi.nip},Andi Wijaya,Bappenas,${andi.phone}`,
          `${rina.nip},Rina Wati,Bappenas,${rina.phone}`,
        ].join('\n'),
      )
      .expect(201);
  });

  afterAll(() => ctx.close());

  let address = 0;
  /** Each test from its own client address, so the per-address registration limit is not what answers. */
  const from = () => `198.51.100.${++address}`;
  /** The codes sent to a phone, oldest first, once there are `count` (codes go out just after the answer). */
  const codesTo = async (phone: string, count = 0) =>
    eventually(
      async () => {
        const codes = (
          await sql<{ code: string }>(
            ctx.databaseUrl,
            `SELECT params->>'code' AS code FROM notifications WHERE kind = 'otp' AND address = $1 ORDER BY created_at, id`,
            [phone],
          )
        ).map((row) => row.code);
        return codes.length >= count ? codes : undefined;
      },
      5_000,
      `${count} code(s) to ${phone}`,
    );
  const register = (ip: string, body: object) => ctx.http.post('/buyers').set('X-Forwarded-For', ip).send(body);
  const confirm = (ip: string, nip: string, code: string) =>
    ctx.http.post('/buyers/confirm').set('X-Forwarded-For', ip).send({ nip, code });

  it('does not let a stranger squat an imported NIP: the code goes to the roster phone, never to the phone the stranger gives', async () => {
    const attacker = from();
    const squat = await register(attacker, {
      nip: siti.nip,
      name: 'Penyerobot',
      agency: 'Bappenas',
      phone: '089900000001',
      password: 'kata-sandi-penyerobot',
    }).expect(202);
    expect(squat.body).toMatchObject({ status: 'CODE_SENT' });
    expect(await codesTo(siti.address, 1)).toHaveLength(1);
    expect(await codesTo('6289900000001')).toEqual([]);
    await ctx.http.post('/auth/login').send({ username: siti.nip, password: 'kata-sandi-penyerobot' }).expect(401);

    // Guessing the code: a handful of tries end it, after which even the right code does nothing.
    const [sent] = await codesTo(siti.address);
    const wrong = sent === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      const guess = await confirm(attacker, siti.nip, wrong).expect(400);
      expect(guess.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'code' }] });
    }
    await confirm(attacker, siti.nip, sent).expect(400);

    // The real owner asks for a code and claims the account; the roster's name and agency stay.
    const owner = from();
    await register(owner, { nip: siti.nip, password: 'rahasia-siti-2026' }).expect(202);
    const codes = await codesTo(siti.address, 2);
    expect(codes).toHaveLength(2);
    const claimed = await confirm(owner, siti.nip, codes[1]).expect(201);
    expect(claimed.body).toMatchObject({ nip: siti.nip, name: 'Siti Rahmawati', agency: 'Kementerian Koperasi dan UKM' });
    // Single use: the same code again is refused, and so is a second claim.
    await confirm(owner, siti.nip, codes[1]).expect(400);
    const token = (await ctx.http.post('/auth/login').send({ username: siti.nip, password: 'rahasia-siti-2026' }).expect(200)).body
      .accessToken;
    const me = await ctx.http.get('/me').set(bearer(token)).expect(200);
    expect(me.body).toMatchObject({ name: 'Siti Rahmawati', agency: 'Kementerian Koperasi dan UKM', phone: siti.phone });
  });

  it('takes the agency from the roster: registering with another agency does not change it', async () => {
    const ip = from();
    await register(ip, {
      nip: budi.nip,
      name: 'Budi',
      agency: 'Kementerian Koperasi dan UKM',
      phone: budi.phone,
      password: 'rahasia-budi-2026',
    }).expect(202);
    const [code] = await codesTo(budi.address, 1);
    const claimed = await confirm(ip, budi.nip, code).expect(201);
    expect(claimed.body).toMatchObject({ name: 'Budi Santoso', agency: 'Bappenas' });
    const [row] = await sql<{ agency: string }>(ctx.databaseUrl, 'SELECT agency FROM buyers WHERE nip = $1', [budi.nip]);
    expect(row.agency).toBe('Bappenas');
  });

  it('refuses a NIP that is not on the roster without saying so: the same answer, no code, no account', async () => {
    const answer = async (nip: string) => {
      const response = await register(from(), {
        nip,
        name: 'Orang Lain',
        agency: 'Bappenas',
        phone: '081299990000',
        password: 'rahasia-orang-lain',
      });
      return { status: response.status, body: response.body };
    };
    const unknown = await answer(stranger);
    const rostered = await answer(andi.nip);
    const claimed = await answer(siti.nip);
    expect(unknown).toEqual({ status: 202, body: { status: 'CODE_SENT', message: expect.any(String) } });
    expect(rostered).toEqual(unknown);
    expect(claimed).toEqual(unknown);
    expect(await codesTo('6281299990000')).toEqual([]);
    await confirm(from(), stranger, '123456').expect(400);
    const [count] = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM buyers WHERE nip = $1', [stranger]);
    expect(count.n).toBe(0);
  });

  it('limits the codes one NIP can ask for, known or not, and lets a code expire', async () => {
    for (const nip of [andi.nip, stranger]) {
      // andi asked once in the previous test, the stranger's NIP too: two more, then 429 alike.
      for (let i = 0; i < 2; i++) await register(from(), { nip, password: 'rahasia-andi-2026' }).expect(202);
      const refused = await register(from(), { nip, password: 'rahasia-andi-2026' }).expect(429);
      expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The code lives in Redis for REGISTRATION_CODE_TTL_SECONDS (10 minutes); once gone it confirms nothing.
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const key = `${ctx.redisPrefix}:registration-code:${andi.nip}`;
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(500);
      expect(ttl).toBeLessThanOrEqual(600);
      await redis.pexpire(key, 1);
    } finally {
      redis.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    const codes = await codesTo(andi.address, 3);
    await confirm(from(), andi.nip, codes[codes.length - 1]).expect(400);
  });

  it('refuses a roster NIP that is a staff username on its line (was a 500)', async () => {
    const staffNip = nipFor(790);
    await ctx.http.post('/users').set(admin).send({ username: staffNip, password: 'kata-sandi-staf-790', role: 'ADMIN' }).expect(201);
    const refused = await ctx.http
      .post('/buyers/import')
      .set(admin)
      .set('Content-Type', 'text/csv')
      .send(['nip,name,agency,phone', `${nipFor(791)},Rina,Bappenas,081270000791`, `${staffNip},Dewi,Bappenas,081270000790`].join('\n'))
      .expect(400);
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ line: 3, field: 'nip', message: `nip ${staffNip} is the username of a staff account` }],
    });
    // Registration with that NIP gets the roster's normal answer.
    await register(from(), { nip: staffNip, password: 'rahasia-dewi-2026' }).expect(202);
  });

  it('takes the code step on the page /daftar: NIP and password, then the code from the roster phone, then logged in', async () => {
    const form = await ctx.http.get('/daftar').set('X-Forwarded-For', from()).expect(200);
    expect(form.text).toContain('daftar pegawai');
    expect(form.text).not.toContain('name="agency"');
    const cookie = cookiesOf(form);
    const asked = await ctx.http
      .post('/daftar')
      .set('cookie', cookie)
      .set('X-Forwarded-For', from())
      .type('form')
      .send({ _csrf: csrfOf(form.text), nip: rina.nip, password: 'rahasia-rina-2026' })
      .expect(200);
    expect(asked.text).toContain('Kode verifikasi');
    expect(asked.text).toContain(`name="nip" value="${rina.nip}"`);
    const [code] = await codesTo(rina.address, 1);
    const wrong = await ctx.http
      .post('/daftar/kode')
      .set('cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(asked.text), nip: rina.nip, code: code === '111111' ? '222222' : '111111' })
      .expect(422);
    expect(wrong.text).toContain('role="alert"');
    const done = await ctx.http
      .post('/daftar/kode')
      .set('cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(wrong.text), nip: rina.nip, code })
      .expect(303)
      .expect('location', '/gelombang');
    await ctx.http.get('/gelombang').set('cookie', cookiesOf(done, cookie)).expect(200);
    await ctx.http.post('/auth/login').send({ username: rina.nip, password: 'rahasia-rina-2026' }).expect(200);
  });

  it('shows on the wave that the programme has a roster', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 100 });
    const seen = await ctx.http.get(`/waves/${wave.id}`).set(admin).expect(200);
    expect(seen.body.rosterRequired).toBe(true);
  });
});

describe('Hardening (finding 9): the password rule, and registration under limits', () => {
  let ctx: TestContext;
  let admin: { Authorization: string };

  beforeAll(async () => {
    ctx = await startTestContext({ TRUST_PROXY: 'true', RATE_LIMIT_REGISTER_PER_ADDRESS: '4' });
    admin = bearer(await loginAdmin(ctx));
  });

  afterAll(() => ctx.close());

  const person = (i: number, password: string) => ({
    nip: nipFor(800 + i),
    name: `Pegawai ${i}`,
    agency: 'Kementerian Koperasi dan UKM',
    phone: `08127000${String(800 + i).padStart(4, '0')}`,
    password,
  });

  it.each([
    ['12345678', 'password is one of the most common passwords'],
    ['Password123', 'password is one of the most common passwords'],
    ['bismillah', 'password is one of the most common passwords'],
    ['aaaaaaaaaaaa', 'password is one of the most common passwords'],
    [`x${nipFor(800)}`, 'password must not contain the NIP'],
  ])('refuses the buyer password %s', async (password, message) => {
    const refused = await ctx.http.post('/buyers').set('X-Forwarded-For', '192.0.2.1').send(person(0, password)).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'password', messages: [message] }] });
  });

  it.each([
    ['petugas.kemenkop', 'password must not be the NIP or the username'],
    ['Petugas.Kemenkop2026!', 'password must not be the NIP or the username'],
    ['qwertyuiop', 'password is one of the most common passwords'],
  ])('refuses the staff password %s', async (password, message) => {
    const refused = await ctx.http.post('/users').set(admin).send({ username: 'petugas.kemenkop', password, role: 'ADMIN' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'password', messages: [message] }] });
  });

  it('registers at once in an open programme (no roster), flagged on the wave', async () => {
    const created = await ctx.http.post('/buyers').set('X-Forwarded-For', '192.0.2.2').send(person(1, 'rahasia-pegawai-1')).expect(201);
    expect(created.body.nip).toBe(nipFor(801));
    const ref = await referenceCase(ctx);
    const wave = await createWave(ctx, ref, { capacityKg: 100 });
    const seen = await ctx.http.get(`/waves/${wave.id}`).set(admin).expect(200);
    expect(seen.body.rosterRequired).toBe(false);
  });

  it('throttles registration per client address, whatever the body, so password hashing cannot be used to burn CPU', async () => {
    const attacker = '203.0.113.50';
    for (let i = 0; i < 4; i++) {
      const answer = await ctx.http
        .post('/buyers')
        .set('X-Forwarded-For', attacker)
        .send(person(10 + i, `rahasia-pegawai-${i}`));
      expect(answer.status).toBe(201);
    }
    const refused = await ctx.http.post('/buyers').set('X-Forwarded-For', attacker).send(person(20, 'rahasia-pegawai-20')).expect(429);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await ctx.http
      .post('/buyers/confirm')
      .set('X-Forwarded-For', attacker)
      .send({ nip: nipFor(820), code: '123456' })
      .expect(429);
    // Another address is not held back.
    await ctx.http.post('/buyers').set('X-Forwarded-For', '203.0.113.51').send(person(21, 'rahasia-pegawai-21')).expect(201);
    const [count] = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM buyers WHERE nip = $1', [nipFor(820)]);
    expect(count.n).toBe(0);
  });
});
