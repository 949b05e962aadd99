import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
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

/**
 * The money of a wave in its report, every figure asserted. Rice at Rp 11.000/kg, two points, two
 * officers (A at P0, B at P1), a manual courier:
 *
 *   buyer  point  order            paid                         then
 *   m0     P0     1x20  220.000    cash to A                    ready
 *   m1     P0     1x10  110.000    transfer to A                ready
 *   m2     P1     1x5    55.000    QRIS at the desk (B)         ready
 *   m3     P1     1x10  110.000    voucher 50.000 + cash 60.000 to B
 *   m4     P0     1x10  110.000    cash to A, home delivery     courier booked, fee 18.000
 *   m5     P1     1x5    55.000    cash to B                    no-show, paid back in cash by B
 *   m6     P0     1x5    55.000    cash to A                    its pack lost in transport; no-show, still owed back
 *
 * A hands 300.000 over. The cooperative ships everything; P0 receives one 5 kg pack fewer (lost),
 * P1 one 5 kg pack more (surplus, the programme settles it).
 */
describe('Money in the wave report (issue 17)', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let admin: Record<string, string>;
  let wave: any;
  let officerA: Staff;
  let officerB: Staff;

  const pay = (token: string, order: any, method: string, amountRp: number, reference?: string) =>
    ctx.http
      .post(`/orders/${order.id}/payments`)
      .set(bearer(token))
      .send({ method, amountRp, ...(reference ? { reference } : {}) })
      .expect(201);

  beforeAll(async () => {
    ctx = await startTestContext({ COURIER_DRIVER: 'manual' });
    ref = await referenceCase(ctx);
    admin = bearer(ref.adminToken);
    const [p0, p1] = ref.points.map((p) => p.id);
    const buyers: TestBuyer[] = [];
    for (let i = 0; i < 7; i++) buyers.push(await registerBuyer(ctx, 4_000 + i));
    officerA = await createOfficer(ctx, ref, 'petugas.a', [p0]);
    officerB = await createOfficer(ctx, ref, 'petugas.b', [p1]);
    wave = await createWave(ctx, ref, { closesInMs: 8_000 });
    const plan: [number, string, number, string?][] = [
      [0, p0, 20],
      [1, p0, 10],
      [2, p1, 5],
      [3, p1, 10],
      [4, p0, 10, 'Jl. Kebagusan Raya No. 7, Pasar Minggu, Jakarta Selatan'],
      [5, p1, 5],
      [6, p0, 5],
    ];
    const orders: any[] = [];
    for (const [i, point, size, address] of plan) {
      const placed = await ctx.http
        .post(`/waves/${wave.id}/orders`)
        .set(bearer(buyers[i].token))
        .send({
          droppingPointId: point,
          fulfilment: address ? 'delivery' : 'pickup',
          ...(address ? { deliveryAddress: address } : {}),
          items: [{ packId: packOf(wave, size), quantity: 1 }],
        })
        .expect(201);
      orders.push(placed.body);
    }
    await pay(officerA.token, orders[0], 'CASH', 220_000);
    await pay(officerA.token, orders[1], 'TRANSFER', 110_000, 'TRF-0001');
    await pay(officerB.token, orders[2], 'QRIS', 55_000, 'QRIS-0001');
    const batch = await ctx.http
      .post('/voucher-batches')
      .set(admin)
      .send({
        programme: 'Voucher ASN',
        faceValueRp: 50_000,
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        eligibility: 'anyone',
        count: 1,
      })
      .expect(201);
    const codes = await ctx.http.get(`/voucher-batches/${batch.body.id}/codes.csv`).set(admin).expect(200);
    const code = codes.text.trim().split('\n')[1].split(',')[0];
    await ctx.http.post(`/orders/${orders[3].id}/voucher`).set(bearer(buyers[3].token)).send({ code }).expect(200);
    await pay(officerB.token, orders[3], 'CASH', 60_000);
    await pay(officerA.token, orders[4], 'CASH', 110_000);
    await pay(officerB.token, orders[5], 'CASH', 55_000);
    await pay(officerA.token, orders[6], 'CASH', 55_000);
    await ctx.http
      .post(`/waves/${wave.id}/cash-handovers`)
      .set(bearer(officerA.token))
      .send({ amountRp: 300_000, recipient: 'TREASURER' })
      .expect(201);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(wave.closesAt).getTime() + 1_050 - Date.now())));
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(admin).expect(200)).body;
    await ctx.http.post(`/purchase-orders/${po.id}/confirm`).set(admin).send({}).expect(200);
    for (const point of [p0, p1]) {
      await ctx.http
        .post(`/purchase-orders/${po.id}/shipments`)
        .set(admin)
        .send({ droppingPointId: point, vehicle: 'B 9123 KX' })
        .expect(201);
    }
    const receive = (point: string, token: string, packs: Record<number, number>) =>
      ctx.http
        .post(`/dropping-points/${point}/receipts`)
        .set(bearer(token))
        .send({
          waveId: wave.id,
          packs: Object.entries(packs).map(([size, quantity]) => ({ packId: packOf(wave, Number(size)), quantity })),
        })
        .expect(201);
    await receive(p0, officerA.token, { 20: 1, 10: 2 });
    await receive(p1, officerB.token, { 5: 3, 10: 1 });
    await ctx.http
      .post(`/purchase-orders/${po.id}/surplus`)
      .set(admin)
      .send({ droppingPointId: p1, outcome: 'settled', packs: [{ productId: ref.productId, sizeKg: 5, packs: 1 }] })
      .expect(201);

    const [trip] = await sql<{ id: string }>(ctx.databaseUrl, 'SELECT id FROM delivery_trips WHERE order_id = $1', [orders[4].id]);
    await ctx.http
      .post(`/deliveries/${trip.id}/booking`)
      .set(bearer(officerA.token))
      .send({ bookingId: 'GS-0001', feeRp: 18_000, trackingUrl: 'https://courier.example/track/GS-0001' })
      .expect(201);

    await ctx.http.post(`/orders/${orders[5].id}/no-show`).set(bearer(officerB.token)).send({}).expect(200);
    await ctx.http.post(`/orders/${orders[5].id}/refund-payouts`).set(bearer(officerB.token)).send({ amountRp: 55_000 }).expect(201);
    await ctx.http.post(`/orders/${orders[6].id}/no-show`).set(bearer(officerA.token)).send({}).expect(200);
  }, 120_000);

  afterAll(() => ctx?.close());

  it('reports paid per method, refunds owed and paid, cash per officer, courier fees, lost and surplus stock', async () => {
    const report = (await ctx.http.get(`/reports/waves/${wave.id}`).set(admin).expect(200)).body;
    const [p0, p1] = ref.points;
    // Paid orders m0..m4: 605.000 = cash 220.000 + 60.000 + 110.000, transfer, QRIS, voucher.
    expect(report.payments).toEqual({
      paidOrders: 5,
      paidOrdersRp: 605_000,
      cashRp: 390_000,
      transferRp: 110_000,
      qrisRp: 55_000,
      voucherRp: 50_000,
      totalRp: 605_000,
      balanced: true,
    });
    expect(report.refundsOwed).toEqual({ orders: 1, deskRp: 55_000, qrisRp: 0, totalRp: 55_000 });
    expect(report.refundsPaid).toEqual({ deskRp: 55_000, qrisRp: 0, totalRp: 55_000 });
    expect(
      report.cashCustody.officers.map((o: any) => [
        o.username,
        o.cashRp,
        o.transferRp,
        o.qrisRp,
        o.handedOverPendingRp,
        o.refundsPaidOutRp,
        o.cashHeldRp,
      ]),
    ).toEqual([
      // A: 220.000 + 110.000 + 55.000 cash, 300.000 handed over; B: 60.000 + 55.000 cash, 55.000 paid back.
      ['petugas.a', 385_000, 110_000, 0, 300_000, 0, 85_000],
      ['petugas.b', 115_000, 0, 55_000, 0, 55_000, 60_000],
    ]);
    expect(report.cashCustody).toMatchObject({ cashHeldRp: 145_000, balanced: true });
    expect(report.courierFees).toEqual({
      trips: 1,
      totalRp: 18_000,
      byDroppingPoint: [{ droppingPointId: p0.id, name: p0.name, trips: 1, totalRp: 18_000 }],
    });
    const po = report.purchaseOrders[0];
    expect(report.stock).toEqual({
      lostKg: 5,
      lostRp: 55_000,
      surplusKg: 5,
      surplusReturnedKg: 0,
      surplusSettledKg: 5,
      surplusOpenKg: 0,
      surplusSettledRp: 55_000,
      byPurchaseOrder: [
        {
          purchaseOrderId: po.id,
          number: po.number,
          cooperativeName: 'Koperasi Tani Mulus',
          lostKg: 5,
          lostRp: 55_000,
          surplusKg: 5,
          surplusReturnedKg: 0,
          surplusSettledKg: 5,
          surplusOpenKg: 0,
          surplusSettledRp: 55_000,
          byDroppingPoint: [
            {
              droppingPointId: p0.id,
              name: p0.name,
              lostKg: 5,
              lostRp: 55_000,
              surplusKg: 0,
              surplusReturnedKg: 0,
              surplusSettledKg: 0,
              surplusOpenKg: 0,
              surplusSettledRp: 0,
            },
            {
              droppingPointId: p1.id,
              name: p1.name,
              lostKg: 0,
              lostRp: 0,
              surplusKg: 5,
              surplusReturnedKg: 0,
              surplusSettledKg: 5,
              surplusOpenKg: 0,
              surplusSettledRp: 55_000,
            },
          ],
        },
      ],
    });
  });

  it('writes the money in the CSV as rows of their own, with amount_rp and kg', async () => {
    const csv = await ctx.http.get(`/reports/waves/${wave.id}.csv`).set(admin).expect(200);
    const rows = csv.text.trim().split('\n');
    expect(rows[0].endsWith(',orders_no_show,amount_rp,kg')).toBe(true);
    expect(rows[1].endsWith(',,')).toBe(true);
    const [p0, p1] = ref.points;
    const po = (await ctx.http.get(`/reports/waves/${wave.id}`).set(admin).expect(200)).body.purchaseOrders[0];
    const money = rows.filter((row) => !/^(total|wave|cooperative|agency|dropping_point),/.test(row)).slice(1);
    const blanks = ','.repeat(25);
    expect(money).toEqual([
      `paid_by_method,CASH,Cash${blanks},390000,`,
      `paid_by_method,TRANSFER,Transfer${blanks},110000,`,
      `paid_by_method,QRIS,QRIS${blanks},55000,`,
      `paid_by_method,VOUCHER,Voucher${blanks},50000,`,
      `refund_owed,desk,"Paid, then cancelled or cut"${blanks},55000,`,
      `refund_owed,qris,QRIS payments no order could take${blanks},0,`,
      `refund_paid,desk,Paid back at the desk${blanks},55000,`,
      `refund_paid,qris,QRIS refunds settled${blanks},0,`,
      `cash_held,${officerA.id},petugas.a${blanks},85000,`,
      `cash_held,${officerB.id},petugas.b${blanks},60000,`,
      `courier_fees,${p0.id},${p0.name}${blanks},18000,`,
      `stock_lost,${p0.id},${po.number} ${p0.name}${blanks},55000,5`,
      `stock_surplus,${p1.id},${po.number} ${p1.name}${blanks},55000,5`,
    ]);
  });
});
