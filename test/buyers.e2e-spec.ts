import { bearer, login, loginAdmin, nipFor } from './support/fixtures';
import { eventually } from './notifications-support';
import { sql, startTestContext, TestContext } from './support/test-app';

describe('Buyers: registration, NIP rules and roster import', () => {
  let ctx: TestContext;
  let adminToken: string;
  let pointId: string;

  beforeAll(async () => {
    ctx = await startTestContext();
    adminToken = await loginAdmin(ctx);
    const point = await ctx.http
      .post('/dropping-points')
      .set(bearer(adminToken))
      .send({ name: 'Lenteng Agung', address: 'Jl. Raya Lenteng Agung, Jagakarsa', latitude: -6.3302, longitude: 106.8346 })
      .expect(201);
    pointId = point.body.id;
  });

  afterAll(() => ctx.close());

  const person = (nip: string) => ({
    nip,
    name: 'Siti Rahmawati',
    agency: 'Kementerian Koperasi dan UKM',
    phone: '081234567890',
    password: 'rahasia-siti',
  });

  it('registers a civil servant who then logs in with the NIP', async () => {
    const created = await ctx.http
      .post('/buyers')
      .send({ ...person('198503122010011001'), defaultDroppingPointId: pointId })
      .expect(201);
    expect(created.body).toMatchObject({
      nip: '198503122010011001',
      kind: 'PNS',
      agency: 'Kementerian Koperasi dan UKM',
      defaultDroppingPointId: pointId,
    });
    const token = await login(ctx, '198503122010011001', 'rahasia-siti');
    const me = await ctx.http.get('/me').set(bearer(token)).expect(200);
    expect(me.body.id).toBe(created.body.id);
  });

  it('refuses a duplicate NIP with DUPLICATE_NIP', async () => {
    const again = await ctx.http.post('/buyers').send(person('198503122010011001')).expect(409);
    expect(again.body.code).toBe('DUPLICATE_NIP');
  });

  it.each([
    ['19850312201001100', 'nip must be exactly 18 digits'],
    ['198502302010011001', 'nip digits 1-8 must be a valid birth date (YYYYMMDD)'],
    ['198503122010131001', 'nip digits 9-14 must be a valid appointment month (YYYYMM)'],
    ['198503122010013001', 'nip digit 15 (gender) must be 1 or 2'],
  ])('refuses NIP %s: %s', async (nip, message) => {
    const response = await ctx.http.post('/buyers').send(person(nip)).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toEqual([{ field: 'nip', messages: [message] }]);
  });

  it('imports a roster all or nothing, reporting every bad line', async () => {
    const bad = [
      'nip,name,agency,phone,default_dropping_point',
      `${nipFor(100)},Budi Santoso,Bappenas,081200000100,Lenteng Agung`,
      `198502302010011001,Rina,Kemendagri,081200000101,`,
      `${nipFor(102)},Andi,Kemendes PDTT,081200000102,Nowhere`,
    ].join('\n');
    const refused = await ctx.http.post('/buyers/import').set(bearer(adminToken)).set('Content-Type', 'text/csv').send(bad).expect(400);
    expect(refused.body.details).toEqual([
      { line: 3, field: 'nip', message: 'nip digits 1-8 must be a valid birth date (YYYYMMDD)' },
      { line: 4, field: 'default_dropping_point', message: 'unknown dropping point "Nowhere"' },
    ]);
    const unknownPoint = [bad.split('\n')[0], bad.split('\n')[1], bad.split('\n')[3]].join('\n');
    const refusedPoint = await ctx.http
      .post('/buyers/import')
      .set(bearer(adminToken))
      .set('Content-Type', 'text/csv')
      .send(unknownPoint)
      .expect(400);
    expect(refusedPoint.body.details).toEqual([{ line: 3, field: 'default_dropping_point', message: 'unknown dropping point "Nowhere"' }]);
    const [{ n }] = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM buyers');
    expect(n).toBe(1);

    const good = [
      'nip,name,agency,phone,default_dropping_point,kind',
      `${nipFor(100)},Budi Santoso,Bappenas,081200000100,Lenteng Agung,PNS`,
      `${nipFor(101)},Rina Wati,Kementerian Dalam Negeri,081200000101,,`,
    ].join('\n');
    const imported = await ctx.http.post('/buyers/import').set(bearer(adminToken)).set('Content-Type', 'text/csv').send(good).expect(201);
    expect(imported.body).toEqual({ imported: 2 });
    const rows = await sql<{ nip: string; agency: string; default_dropping_point_id: string | null }>(
      ctx.databaseUrl,
      'SELECT nip, agency, default_dropping_point_id FROM buyers WHERE nip = ANY ($1) ORDER BY nip',
      [[nipFor(100), nipFor(101)]],
    );
    expect(rows).toEqual(
      [
        { nip: nipFor(100), agency: 'Bappenas', default_dropping_point_id: pointId },
        { nip: nipFor(101), agency: 'Kementerian Dalam Negeri', default_dropping_point_id: null },
      ].sort((a, b) => (a.nip < b.nip ? -1 : 1)),
    );

    const duplicate = await ctx.http.post('/buyers/import').set(bearer(adminToken)).set('Content-Type', 'text/csv').send(good).expect(409);
    expect(duplicate.body.code).toBe('DUPLICATE_NIP');
    expect(duplicate.body.details).toHaveLength(2);
  });

  it('lets an imported civil servant claim the account with the code sent to the phone on the roster', async () => {
    await ctx.http
      .post('/auth/login')
      .send({ username: nipFor(100), password: 'anything-at-all' })
      .expect(401);
    // The roster exists now: the answer is the same whatever the NIP, and the phone given is not asked.
    const asked = await ctx.http
      .post('/buyers')
      .send({ nip: nipFor(100), password: 'rahasia-budi' })
      .expect(202);
    expect(asked.body.status).toBe('CODE_SENT');
    // The code goes out just after the answer.
    const { code } = await eventually(async () => {
      const rows = await sql<{ code: string }>(
        ctx.databaseUrl,
        `SELECT params->>'code' AS code FROM notifications WHERE kind = 'otp' AND address = '6281200000100'`,
      );
      return rows[0];
    });
    const claimed = await ctx.http
      .post('/buyers/confirm')
      .send({ nip: nipFor(100), code })
      .expect(201);
    expect(claimed.body).toMatchObject({ nip: nipFor(100), agency: 'Bappenas' });
    await login(ctx, nipFor(100), 'rahasia-budi');
  });

  it('accepts the roster only from an administrator', async () => {
    await ctx.http.post('/buyers/import').set('Content-Type', 'text/csv').send('nip,name,agency,phone\n').expect(401);
    const buyerToken = await login(ctx, '198503122010011001', 'rahasia-siti');
    await ctx.http
      .post('/buyers/import')
      .set(bearer(buyerToken))
      .set('Content-Type', 'text/csv')
      .send('nip,name,agency,phone\n')
      .expect(403);
  });
});

describe('Platform: health and OpenAPI', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext();
  });

  afterAll(() => ctx.close());

  it('reports database and Redis health', async () => {
    const health = await ctx.http.get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const document = await ctx.http.get('/docs-json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/waves/{id}/orders', '/waves/{id}/summary', '/buyers/import']),
    );
    const ui = await ctx.http.get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('refuses a body that is too large with 413, and a request id comes back', async () => {
    const adminToken = await loginAdmin(ctx);
    const response = await ctx.http
      .post('/cooperatives')
      .set(bearer(adminToken))
      .send({ name: 'x'.repeat(9 * 1024 * 1024) })
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });
});
