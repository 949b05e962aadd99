import { createOfficer, createStaff, Staff } from './desk-fixtures';
import { bearer, createWave, login, nipFor, packOf, referenceCase, ReferenceCase, registerBuyer, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

/**
 * The administrator's steps of issue 17 through the API: the directory of civil servants and a
 * wave's uptake per agency (who ordered, who did not), staff accounts by role, an officer's points
 * changed, a staff password reset.
 *
 *   agency      registered             on the roster only (imported, not claimed)
 *   Kemenkop    r0 (orders), r1        k0, k1
 *   Bappenas    r2 (orders)            k2
 *   Kemendagri  r3                     -            (the wave is not open to it)
 */

const KEMENKOP = 'Kementerian Koperasi dan UKM';
const BAPPENAS = 'Kementerian PPN/Bappenas';
const KEMENDAGRI = 'Kementerian Dalam Negeri';
const KEMENDESA = 'Kementerian Desa PDTT';

describe('Administrator steps (issue 17)', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let admin: Record<string, string>;
  let agencyIds: Record<string, string>;
  let registered: TestBuyer[];
  let wave: any;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    admin = bearer(ref.adminToken);
    agencyIds = {};
    for (const [name, shortName] of [
      [KEMENKOP, 'Kemenkop UKM'],
      [BAPPENAS, 'Bappenas'],
      [KEMENDAGRI, 'Kemendagri'],
      [KEMENDESA, 'Kemendes PDTT'],
    ]) {
      agencyIds[name] = (await ctx.http.post('/agencies').set(admin).send({ name, shortName }).expect(201)).body.id;
    }
    // Registered before the roster exists (an open programme registers at once).
    registered = [
      await registerBuyer(ctx, 1_000, KEMENKOP),
      await registerBuyer(ctx, 1_001, KEMENKOP),
      await registerBuyer(ctx, 1_002, BAPPENAS),
      await registerBuyer(ctx, 1_003, KEMENDAGRI),
    ];
    const roster = [
      'nip,name,agency,phone',
      `${nipFor(1_010)},Ahmad Fauzi,Kemenkop UKM,081200001010`,
      `${nipFor(1_011)},Budi Santoso,${KEMENKOP},081200001011`,
      `${nipFor(1_012)},Citra Lestari,Bappenas,081200001012`,
    ].join('\n');
    await ctx.http.post('/buyers/import').set(admin).set('content-type', 'text/csv').send(roster).expect(201);
    wave = await createWave(ctx, ref, { agencies: [KEMENKOP, BAPPENAS, KEMENDESA] });
    const placed = [];
    for (const buyer of [registered[0], registered[2]]) {
      const response = await ctx.http
        .post(`/waves/${wave.id}/orders`)
        .set(bearer(buyer.token))
        .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 10), quantity: 1 }] })
        .expect(201);
      placed.push(response.body);
    }
    // r0 cancels: they still ordered in the wave.
    await ctx.http.post(`/orders/${placed[0].id}/cancel`).set(bearer(registered[0].token)).expect(200);
  }, 90_000);

  afterAll(() => ctx?.close());

  describe('the directory of civil servants', () => {
    it('lists everyone on the roster or registered, by agency, name and NIP, a page at a time', async () => {
      const all = (await ctx.http.get('/buyers').set(admin).expect(200)).body;
      expect(all).toMatchObject({ agency: null, page: 1, pageSize: 50, total: 7 });
      expect(all.items.map((b: any) => [b.agency, b.name, b.registered])).toEqual([
        [KEMENDAGRI, 'Pegawai 1003', true],
        [KEMENKOP, 'Ahmad Fauzi', false],
        [KEMENKOP, 'Budi Santoso', false],
        [KEMENKOP, 'Pegawai 1000', true],
        [KEMENKOP, 'Pegawai 1001', true],
        [BAPPENAS, 'Citra Lestari', false],
        [BAPPENAS, 'Pegawai 1002', true],
      ]);
      expect(all.items[1]).toEqual({
        id: expect.any(String),
        nip: nipFor(1_010),
        kind: 'PNS',
        name: 'Ahmad Fauzi',
        agency: KEMENKOP,
        phone: '081200001010',
        registered: false,
        defaultDroppingPoint: null,
        createdAt: expect.stringMatching(/\+07:00$/),
      });

      const page2 = (await ctx.http.get(`/buyers?agencyId=${agencyIds[KEMENKOP]}&page=2&pageSize=3`).set(admin).expect(200)).body;
      expect(page2).toMatchObject({ agency: KEMENKOP, page: 2, pageSize: 3, total: 4 });
      expect(page2.items.map((b: any) => b.name)).toEqual(['Pegawai 1001']);
      const pastTheEnd = (await ctx.http.get(`/buyers?agencyId=${agencyIds[KEMENKOP]}&page=5&pageSize=3`).set(admin).expect(200)).body;
      expect(pastTheEnd).toMatchObject({ items: [], total: 4 });

      const notYet = (await ctx.http.get('/buyers?registered=false').set(admin).expect(200)).body;
      expect(notYet.items.map((b: any) => b.name)).toEqual(['Ahmad Fauzi', 'Budi Santoso', 'Citra Lestari']);
      const byNip = (
        await ctx.http
          .get(`/buyers?q=${nipFor(1_012)}`)
          .set(admin)
          .expect(200)
      ).body;
      expect(byNip.items.map((b: any) => b.name)).toEqual(['Citra Lestari']);
      const byName = (await ctx.http.get('/buyers?q=santoso').set(admin).expect(200)).body;
      expect(byName.items.map((b: any) => b.nip)).toEqual([nipFor(1_011)]);
      const wildcard = (await ctx.http.get('/buyers?q=%25').set(admin).expect(200)).body;
      expect(wildcard.total).toBe(0);
    });

    it('refuses a bad filter naming the field, and anyone but the administrator', async () => {
      const unknown = await ctx.http.get('/buyers?agencyId=7d0c3c9e-2f59-4a43-9d6b-0a5b8f0e6a11').set(admin).expect(400);
      expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'agencyId' }] });
      for (const [query, field] of [
        ['page=0', 'page'],
        ['pageSize=201', 'pageSize'],
        ['page=dua', 'page'],
        ['registered=ya', 'registered'],
        ['agencyId=kemenkop', 'agencyId'],
      ]) {
        const bad = await ctx.http.get(`/buyers?${query}`).set(admin).expect(400);
        expect(bad.body.details.map((d: any) => d.field)).toEqual([field]);
      }
      await ctx.http.get('/buyers').set(bearer(registered[0].token)).expect(403);
      await ctx.http.get(`/waves/${wave.id}/uptake`).set(bearer(registered[0].token)).expect(403);
      await ctx.http.get('/buyers').expect(401);
    });
  });

  describe("a wave's uptake per agency", () => {
    it('counts per agency the wave is open to: on the roster or registered, registered, ordered, not ordered', async () => {
      const uptake = (await ctx.http.get(`/waves/${wave.id}/uptake`).set(admin).expect(200)).body;
      expect(uptake.wave).toEqual({ id: wave.id, name: 'Gelombang I' });
      expect(uptake.byAgency).toEqual([
        { agency: KEMENDESA, agencyId: agencyIds[KEMENDESA], rostered: 0, registered: 0, ordered: 0, notOrdered: 0, uptakeRate: null },
        { agency: KEMENKOP, agencyId: agencyIds[KEMENKOP], rostered: 4, registered: 2, ordered: 1, notOrdered: 3, uptakeRate: 0.25 },
        { agency: BAPPENAS, agencyId: agencyIds[BAPPENAS], rostered: 2, registered: 1, ordered: 1, notOrdered: 1, uptakeRate: 0.5 },
      ]);
      expect(uptake.totals).toEqual({ rostered: 6, registered: 3, ordered: 2, notOrdered: 4, uptakeRate: 0.3333 });
      // Kemendagri's civil servant is not among them: the wave is not open to that agency.
      expect(uptake.buyers).toMatchObject({ agency: null, ordered: false, page: 1, pageSize: 50, total: 4 });
      expect(uptake.buyers.items.map((b: any) => [b.name, b.registered])).toEqual([
        ['Ahmad Fauzi', false],
        ['Budi Santoso', false],
        ['Pegawai 1001', true],
        ['Citra Lestari', false],
      ]);
    });

    it("lists one agency's civil servants who did not order, or who did, a page at a time", async () => {
      const kemenkop = (
        await ctx.http.get(`/waves/${wave.id}/uptake?agencyId=${agencyIds[KEMENKOP]}&page=2&pageSize=2`).set(admin).expect(200)
      ).body;
      expect(kemenkop.buyers).toMatchObject({ agency: KEMENKOP, ordered: false, page: 2, pageSize: 2, total: 3 });
      expect(kemenkop.buyers.items.map((b: any) => b.name)).toEqual(['Pegawai 1001']);
      const ordered = (await ctx.http.get(`/waves/${wave.id}/uptake?ordered=true`).set(admin).expect(200)).body;
      expect(ordered.buyers.items.map((b: any) => [b.agency, b.nip])).toEqual([
        [KEMENKOP, registered[0].nip],
        [BAPPENAS, registered[2].nip],
      ]);
      await ctx.http.get(`/waves/9a0c3c9e-2f59-4a43-9d6b-0a5b8f0e6a11/uptake`).set(admin).expect(404);
      const bad = await ctx.http.get(`/waves/${wave.id}/uptake?ordered=maybe&pageSize=0`).set(admin).expect(400);
      expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['ordered', 'pageSize']);
    });
  });

  describe('staff accounts', () => {
    let officer: Staff;
    let manager: Staff;

    beforeAll(async () => {
      officer = await createOfficer(ctx, ref, 'petugas.kuningan', [ref.points[0].id]);
      manager = await createStaff(ctx, ref, 'manajer.tanimulus', 'COOP_MANAGER', { cooperativeId: ref.cooperativeId });
      await createOfficer(ctx, ref, 'petugas.lentengagung', [ref.points[1].id]);
    });

    it('lists the accounts of one role', async () => {
      const officers = (await ctx.http.get('/users?role=officer').set(admin).expect(200)).body;
      // The payment gateway's and the vouchers' system accounts are officers without a point.
      expect(officers.map((u: any) => [u.username, u.role, u.droppingPointIds])).toEqual([
        ['sistem.qris', 'OFFICER', []],
        ['sistem.voucher', 'OFFICER', []],
        ['petugas.kuningan', 'OFFICER', [ref.points[0].id]],
        ['petugas.lentengagung', 'OFFICER', [ref.points[1].id]],
      ]);
      const managers = (await ctx.http.get('/users?role=COOP_MANAGER').set(admin).expect(200)).body;
      expect(managers.map((u: any) => [u.username, u.cooperativeId])).toEqual([['manajer.tanimulus', ref.cooperativeId]]);
      const buyers = (await ctx.http.get('/users?role=BUYER').set(admin).expect(200)).body;
      expect(buyers).toHaveLength(7);
      const everyone = (await ctx.http.get('/users').set(admin).expect(200)).body;
      expect(everyone).toHaveLength(1 + 2 + 7 + 3);
      const bad = await ctx.http.get('/users?role=chef').set(admin).expect(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'role' }] });
    });

    it("changes an officer's dropping points: the desk follows at once", async () => {
      const token = bearer(officer.token);
      await ctx.http.get(`/dropping-points/${ref.points[1].id}/orders?waveId=${wave.id}`).set(token).expect(403);
      const changed = await ctx.http
        .put(`/users/${officer.id}/dropping-points`)
        .set(admin)
        .send({ droppingPointIds: [ref.points[1].id] })
        .expect(200);
      expect(changed.body).toMatchObject({ username: 'petugas.kuningan', droppingPointIds: [ref.points[1].id] });
      expect((await ctx.http.get('/me/dropping-points').set(token).expect(200)).body.map((p: any) => p.id)).toEqual([ref.points[1].id]);
      await ctx.http.get(`/dropping-points/${ref.points[1].id}/orders?waveId=${wave.id}`).set(token).expect(200);
      await ctx.http.get(`/dropping-points/${ref.points[0].id}/orders?waveId=${wave.id}`).set(token).expect(403);
      const both = await ctx.http
        .put(`/users/${officer.id}/dropping-points`)
        .set(admin)
        .send({ droppingPointIds: ref.points.map((p) => p.id) })
        .expect(200);
      expect([...both.body.droppingPointIds].sort()).toEqual(ref.points.map((p) => p.id).sort());
      const audit = await sql<{ before: any; after: any }>(
        ctx.databaseUrl,
        `SELECT before, after FROM audit_entries WHERE action = 'user.dropping_points_changed' AND entity_id = $1 ORDER BY occurred_at`,
        [officer.id],
      );
      expect(audit.map((row) => [row.before.droppingPointIds, row.after.droppingPointIds.length])).toEqual([
        [[ref.points[0].id], 1],
        [[ref.points[1].id], 2],
      ]);
    });

    it('refuses points for a non-officer, an empty or unknown list, and an unknown account', async () => {
      const notOfficer = await ctx.http
        .put(`/users/${manager.id}/dropping-points`)
        .set(admin)
        .send({ droppingPointIds: [ref.points[0].id] })
        .expect(400);
      expect(notOfficer.body.details).toEqual([{ field: 'droppingPointIds', messages: ['Only an officer works at dropping points'] }]);
      const empty = await ctx.http.put(`/users/${officer.id}/dropping-points`).set(admin).send({ droppingPointIds: [] }).expect(400);
      expect(empty.body.details).toEqual([{ field: 'droppingPointIds', messages: ['An officer needs at least one dropping point'] }]);
      const unknown = await ctx.http
        .put(`/users/${officer.id}/dropping-points`)
        .set(admin)
        .send({ droppingPointIds: ['9a0c3c9e-2f59-4a43-9d6b-0a5b8f0e6a11'] })
        .expect(400);
      expect(unknown.body.details[0].field).toBe('droppingPointIds');
      await ctx.http
        .put('/users/9a0c3c9e-2f59-4a43-9d6b-0a5b8f0e6a11/dropping-points')
        .set(admin)
        .send({ droppingPointIds: [ref.points[0].id] })
        .expect(404);
      await ctx.http
        .put(`/users/${officer.id}/dropping-points`)
        .set(bearer(officer.token))
        .send({ droppingPointIds: [ref.points[0].id] })
        .expect(403);
    });

    it("resets a staff password to a temporary one: the old password and the account's old tokens stop working", async () => {
      // Tokens carry their second of issue: the manager's was issued at least a second before the reset.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const reset = await ctx.http.post(`/users/${manager.id}/password`).set(admin).send({}).expect(200);
      expect(reset.body).toMatchObject({ id: manager.id, username: 'manajer.tanimulus', role: 'COOP_MANAGER' });
      expect(reset.body.temporaryPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      const purchaseOrders = `/waves/${wave.id}/purchase-orders`;
      const stale = await ctx.http.get(purchaseOrders).set(bearer(manager.token)).expect(401);
      expect(stale.body.code).toBe('UNAUTHENTICATED');
      await ctx.http
        .post('/auth/login')
        .send({ username: manager.username, password: `${manager.username}-password` })
        .expect(401);
      const fresh = await login(ctx, manager.username, reset.body.temporaryPassword);
      await ctx.http.get(purchaseOrders).set(bearer(fresh)).expect(200);
      // The reset is in the audit trail; the password is not.
      const [entry] = await sql<{ after: any; actor_role: string }>(
        ctx.databaseUrl,
        `SELECT after, actor_role FROM audit_entries WHERE action = 'user.password_reset' AND entity_id = $1`,
        [manager.id],
      );
      expect(entry).toEqual({ after: { temporary: true }, actor_role: 'ADMIN' });

      // A password the administrator chose instead, under the same rules as any password.
      await ctx.http.post(`/users/${officer.id}/password`).set(admin).send({ password: 'password' }).expect(400);
      const username = await ctx.http.post(`/users/${officer.id}/password`).set(admin).send({ password: 'petugas.kuningan1' }).expect(400);
      expect(username.body.details).toEqual([{ field: 'password', messages: ['password must not be the NIP or the username'] }]);
      const chosen = await ctx.http.post(`/users/${officer.id}/password`).set(admin).send({ password: 'beras-kuningan-77' }).expect(200);
      expect(chosen.body.temporaryPassword).toBeNull();
      await login(ctx, officer.username, 'beras-kuningan-77');
    });

    it("refuses to reset a buyer's password (they reset their own), an unknown account, and anyone but the administrator", async () => {
      const buyer = await ctx.http
        .post(`/users/${await userIdOf(registered[1].nip)}/password`)
        .set(admin)
        .send({})
        .expect(400);
      expect(buyer.body.details).toEqual([{ field: 'id', messages: ['A buyer resets their own password'] }]);
      await ctx.http.post('/users/9a0c3c9e-2f59-4a43-9d6b-0a5b8f0e6a11/password').set(admin).send({}).expect(404);
      await ctx.http.post(`/users/${manager.id}/password`).set(bearer(registered[0].token)).send({}).expect(403);
      const short = await ctx.http.post(`/users/${manager.id}/password`).set(admin).send({ password: 'pendek' }).expect(400);
      expect(short.body.details[0].field).toBe('password');
    });
  });

  async function userIdOf(nip: string): Promise<string> {
    const [row] = await sql<{ user_id: string }>(ctx.databaseUrl, 'SELECT user_id FROM buyers WHERE nip = $1', [nip]);
    return row.user_id;
  }
});
