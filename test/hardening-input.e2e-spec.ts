import { bearer, createWave, loginAdmin, nipFor, referenceCase, ReferenceCase } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

/**
 * Issue 16, finding 8: bad input gave 500s (an offset of 2^63, NUL in a name, an agency or a login
 * username, a roster NIP equal to a staff username), lone surrogates were stored as U+FFFD while the
 * answer echoed the original, and names of only spaces, with CR/LF, direction overrides or
 * zero-width characters were accepted (spoofing at the desk). Each is refused with a 4xx naming the
 * field, or normalised (NFC, trimmed), in one place for every name field (src/common/text.ts).
 */
describe('Hardening (finding 8): bad input is refused or normalised, never a 500', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let admin: { Authorization: string };

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    admin = bearer(await loginAdmin(ctx));
  });

  afterAll(() => ctx.close());

  const person = (i: number, fields: Record<string, string> = {}) => ({
    nip: nipFor(900 + i),
    name: `Pegawai ${i}`,
    agency: 'Kementerian Koperasi dan UKM',
    phone: `08129000${String(900 + i).padStart(4, '0')}`,
    password: `rahasia-pegawai-${i}`,
    ...fields,
  });
  const buyersWithNip = async (nip: string) =>
    (await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM buyers WHERE nip = $1', [nip]))[0].n;

  it.each(['9223372036854775808', '-1', '1e400', '18446744073709551616'])('refuses offset=%s with a 400 naming offset', async (offset) => {
    const wave = await createWave(ctx, ref, { capacityKg: 100 });
    const response = await ctx.http
      .get(`/dropping-points/${ref.points[0].id}/orders`)
      .query({ waveId: wave.id, offset })
      .set(admin)
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain('offset');
  });

  it.each([
    ['name', 'Siti\u0000Rahmawati'],
    ['agency', 'Bappenas\u0000'],
    ['name', 'Siti \ud800 Rahmawati'],
    ['agency', '\udfffBappenas'],
  ])('refuses NUL and lone surrogates in %s (%j), and stores nothing', async (field, value) => {
    const body = person(1, { [field]: value });
    const response = await ctx.http.post('/buyers').send(body).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field }] });
    expect(await buyersWithNip(body.nip)).toBe(0);
  });

  it('refuses NUL and lone surrogates in a login username with a 400, not a 500', async () => {
    for (const username of ['admin\u0000', '\ud800admin']) {
      const response = await ctx.http.post('/auth/login').send({ username, password: 'apa-saja-boleh' }).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'username' }] });
    }
    await ctx.http.post('/users').set(admin).send({ username: 'petugas\u0000x', password: 'kata-sandi-staf', role: 'ADMIN' }).expect(400);
  });

  it.each([
    ['only spaces', '    '],
    ['a line break', 'Siti\r\nRahmawati'],
    ['a direction override', 'Siti \u202eitawamhaR'],
    ['a zero-width space', 'Si\u200bti Rahmawati'],
    ['a zero-width joiner', 'Siti\u200dRahmawati'],
    ['a line separator', 'Siti\u2028Rahmawati'],
  ])('refuses a name with %s', async (_what, name) => {
    const body = person(2, { name });
    const response = await ctx.http.post('/buyers').send(body).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'name' }] });
    expect(await buyersWithNip(body.nip)).toBe(0);
  });

  it('normalises a name: NFC, trimmed, inner spaces made one; the answer and the row say the same', async () => {
    const body = person(3, { name: '  Rene\u0301   Sutanto ' });
    const created = await ctx.http.post('/buyers').send(body).expect(201);
    expect(created.body.name).toBe('Ren\u00e9 Sutanto');
    const [row] = await sql<{ name: string }>(ctx.databaseUrl, 'SELECT name FROM buyers WHERE nip = $1', [body.nip]);
    expect(row.name).toBe('Ren\u00e9 Sutanto');
  });

  it('answers a registration with a NIP that is a staff username as a taken NIP, not a 500', async () => {
    const nip = nipFor(950);
    await ctx.http.post('/users').set(admin).send({ username: nip, password: 'kata-sandi-staf-950', role: 'ADMIN' }).expect(201);
    const taken = await ctx.http.post('/buyers').send(person(50, { nip })).expect(409);
    expect(taken.body.code).toBe('DUPLICATE_NIP');
    expect(await buyersWithNip(nip)).toBe(0);
  });

  it('refuses a roster line whose NIP is a staff username, and lines with hidden characters in names, each by line', async () => {
    const nip = nipFor(950);
    const roster = [
      'nip,name,agency,phone',
      `${nipFor(951)},Budi Santoso,Bappenas,081290000951`,
      `${nip},Dewi Lestari,Bappenas,081290000950`,
      `${nipFor(952)},"Rina\u202e Wati",Bappenas,081290000952`,
      `${nipFor(953)},Andi\u200bWijaya,Bappenas,081290000953`,
      `${nipFor(954)},   ,Bappenas,081290000954`,
    ].join('\n');
    const refused = await ctx.http.post('/buyers/import').set(admin).set('Content-Type', 'text/csv').send(roster).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.details).toEqual([
      { line: 3, field: 'nip', message: `nip ${nip} is the username of a staff account` },
      { line: 4, field: 'name', message: expect.stringMatching(/control or invisible/) },
      { line: 5, field: 'name', message: expect.stringMatching(/control or invisible/) },
      { line: 6, field: 'name', message: expect.stringMatching(/only spaces|2-200/) },
    ]);
    expect(await buyersWithNip(nipFor(951))).toBe(0);
    // Nothing was imported, so the programme is still open.
    const wave = await createWave(ctx, ref, { capacityKg: 100 });
    expect((await ctx.http.get(`/waves/${wave.id}`).set(admin).expect(200)).body.rosterRequired).toBe(false);
  });
});
