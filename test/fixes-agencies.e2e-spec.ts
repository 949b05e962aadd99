import { bearer, createWave, login, nipFor, packOf, referenceCase, ReferenceCase } from './support/fixtures';
import { eventually } from './notifications-support';
import { sql, startTestContext, TestContext } from './support/test-app';

/** Issue 17: agencies are a list the administrator keeps; registration, rosters and waves name them by it. */
describe('Agencies: the administrator-kept list', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let admin: Record<string, string>;
  const KEMENKOP = 'Kementerian Koperasi dan UKM';
  const BAPPENAS = 'Kementerian PPN/Bappenas';

  const register = (i: number, agency: string) =>
    ctx.http
      .post('/buyers')
      .send({ nip: nipFor(i), name: `Pegawai ${i}`, agency, phone: `0813${String(i).padStart(8, '0')}`, password: `password-${i}` });

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    admin = bearer(ref.adminToken);
  });

  afterAll(() => ctx.close());

  it('keeps agencies with short names; anyone may read the list, only an administrator adds to it', async () => {
    // No list yet: agencies are free text as typed (the behaviour before the list existed).
    const early = await register(600, 'Kemenkop').expect(201);
    expect(early.body.agency).toBe('Kemenkop');

    const created = await ctx.http.post('/agencies').set(admin).send({ name: KEMENKOP, shortName: 'Kemenkop UKM' }).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), name: KEMENKOP, shortName: 'Kemenkop UKM' });
    await ctx.http.post('/agencies').set(admin).send({ name: BAPPENAS, shortName: 'Bappenas' }).expect(201);
    const again = await ctx.http.post('/agencies').set(admin).send({ name: 'kemenkop ukm' }).expect(409);
    expect(again.body.code).toBe('CONFLICT');
    const bad = await ctx.http.post('/agencies').set(admin).send({ shortName: 'X' }).expect(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['name', 'shortName']);
    await ctx.http
      .post('/agencies')
      .set(bearer(await login(ctx, nipFor(600), 'password-600')))
      .send({ name: 'Kemendagri' })
      .expect(403);

    const list = await ctx.http.get('/agencies').expect(200);
    expect(list.body.map((a: any) => [a.name, a.shortName])).toEqual([
      [KEMENKOP, 'Kemenkop UKM'],
      [BAPPENAS, 'Bappenas'],
    ]);
  });

  it('registers a buyer under the listed name, whatever case or short name they type; refuses an agency not on the list', async () => {
    const byShortName = await register(601, 'bappenas').expect(201);
    expect(byShortName.body.agency).toBe(BAPPENAS);
    const byName = await register(602, '  kementerian koperasi dan ukm ').expect(201);
    expect(byName.body.agency).toBe(KEMENKOP);
    const unknown = await register(603, 'Kementerian Entah').expect(400);
    expect(unknown.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'agency', messages: ['agency "Kementerian Entah" is not on the list of agencies'] }],
    });
  });

  it('opens a wave to listed agencies by short name, and its buyers may order', async () => {
    const wave = await createWave(ctx, ref, { agencies: ['KEMENKOP UKM'] });
    expect(wave.agencies).toEqual([KEMENKOP]);
    const buyer = await login(ctx, nipFor(602), 'password-602');
    await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer))
      .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 1 }] })
      .expect(201);
    const now = Date.now();
    const refused = await ctx.http
      .post('/waves')
      .set(admin)
      .send({
        name: 'Gelombang II',
        opensAt: new Date(now + 3_600_000).toISOString(),
        closesAt: new Date(now + 7_200_000).toISOString(),
        handOutDate: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10),
        paymentDeadline: new Date(now + 86_400_000).toISOString(),
        droppingPointIds: [ref.points[0].id],
        agencies: ['Bappenas', 'Kemendesa'],
        products: [{ productId: ref.productId, capacityKg: 100, perBuyerLimitKg: 20 }],
      })
      .expect(400);
    expect(refused.body.details).toEqual([{ field: 'agencies.1', messages: ['agencies.1 "Kemendesa" is not on the list of agencies'] }]);
  });

  it('imports a roster naming agencies by short name, and lists every unknown one', async () => {
    const bad = [
      'nip;name;agency;phone',
      `${nipFor(610)};Budi Santoso;BAPPENAS;081300000610`,
      `${nipFor(611)};Rina Wati;Kemendagri;081300000611`,
    ].join('\n');
    const refused = await ctx.http.post('/buyers/import').set(admin).set('Content-Type', 'text/csv').send(`\uFEFF${bad}`).expect(400);
    expect(refused.body.details).toEqual([{ line: 3, field: 'agency', message: 'agency "Kemendagri" is not on the list of agencies' }]);
    const good = bad.replace('Kemendagri', 'kemenkop ukm');
    await ctx.http.post('/buyers/import').set(admin).set('Content-Type', 'text/csv').send(`\uFEFF${good}`).expect(201);
    await ctx.http
      .post('/buyers')
      .send({ nip: nipFor(610), name: 'Budi S.', agency: 'Kemenkop UKM', phone: '081300000610', password: 'rahasia-budi' })
      .expect(202);
    // The code goes out just after the answer.
    const { code } = await eventually(async () => {
      const rows = await sql<{ code: string }>(
        ctx.databaseUrl,
        `SELECT params->>'code' AS code FROM notifications WHERE kind = 'otp' AND address = '6281300000610'`,
      );
      return rows[0];
    });
    const claimed = await ctx.http
      .post('/buyers/confirm')
      .send({ nip: nipFor(610), code })
      .expect(201);
    // The roster is the truth: the claim keeps the roster's name and agency.
    expect(claimed.body).toMatchObject({ name: 'Budi Santoso', agency: BAPPENAS });
  });
});
