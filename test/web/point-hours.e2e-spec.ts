import { bearer, packOf, referenceCase, ReferenceCase, registerBuyer } from '../support/fixtures';
import { ADMIN, startTestContext, TestContext } from '../support/test-app';
import { cookiesOf, csrfOf, pageLogin } from './support/forms';

const HOURS = 'Senin–Jumat 08.00–16.00 WIB, Sabtu 08.00–12.00 WIB';

/** A dropping point's opening hours: set by the administrator (form or API, optional), shown on the buyer's order page. */
describe("Dropping point opening hours on the buyer's order page", () => {
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
  });

  afterAll(() => ctx?.close());

  it('takes them through the API as an optional field, and refuses what is not a short text', async () => {
    const auth = bearer(ref.adminToken);
    const point = { address: 'Jl. Medan Merdeka Barat No. 7, Jakarta Pusat', latitude: -6.1754, longitude: 106.8272 };
    const withHours = await ctx.http
      .post('/dropping-points')
      .set(auth)
      .send({ ...point, name: 'Kementerian Dalam Negeri', openingHours: `  ${HOURS} ` })
      .expect(201);
    expect(withHours.body.openingHours).toBe(HOURS);
    const without = await ctx.http
      .post('/dropping-points')
      .set(auth)
      .send({ ...point, name: 'Bappenas' })
      .expect(201);
    expect(without.body.openingHours).toBeNull();
    const listed = (await ctx.http.get('/dropping-points').set(bearer(ref.adminToken)).expect(200)).body as {
      name: string;
      openingHours: string | null;
    }[];
    expect(listed.find((p) => p.name === 'Kementerian Dalam Negeri')!.openingHours).toBe(HOURS);
    for (const bad of ['x'.repeat(201), 12, 'ab']) {
      const refused = await ctx.http
        .post('/dropping-points')
        .set(auth)
        .send({ ...point, name: `Titik ${String(bad).length}`, openingHours: bad })
        .expect(400);
      expect(refused.body.details.map((d: { field: string }) => d.field)).toEqual(['openingHours']);
    }
  });

  it("is set in the administrator's dropping-point form and shown on the order page of a buyer who collects there", async () => {
    const cookie = await pageLogin(ctx, ADMIN.username, ADMIN.password);
    const form = await ctx.http.get('/admin/titik').set('cookie', cookie).expect(200);
    expect(form.text).toContain('<label for="openingHours">Jam buka</label>');
    expect(form.text).toContain('aria-describedby="openingHours-hint"');
    const saved = await ctx.http
      .post('/admin/titik')
      .set('cookie', cookiesOf(form, cookie))
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        name: 'Balai Kota Bandung',
        address: 'Jl. Wastukencana No. 2, Bandung',
        latitude: '-6,9113',
        longitude: '107.6093',
        openingHours: HOURS,
      })
      .expect(303);
    expect(saved.headers.location).toBe('/admin/titik?pesan=admin.saved');
    const table = await ctx.http.get('/admin/titik').set('cookie', cookie).expect(200);
    expect(table.text).toMatch(/Balai Kota Bandung<\/td>.*<td>Senin–Jumat 08\.00–16\.00 WIB, Sabtu 08\.00–12\.00 WIB<\/td><\/tr>/);
    const points = (await ctx.http.get('/dropping-points').set(bearer(ref.adminToken)).expect(200)).body as { id: string; name: string }[];
    const bandung = points.find((p) => p.name === 'Balai Kota Bandung')!;

    const now = Date.now();
    const created = await ctx.http
      .post('/waves')
      .set(bearer(ref.adminToken))
      .send({
        name: 'Gelombang Bandung',
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: new Date(now + 3_600_000).toISOString(),
        handOutDate: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10),
        paymentDeadline: new Date(now + 86_400_000).toISOString(),
        droppingPointIds: [bandung.id, ref.points[0].id],
        products: [{ productId: ref.productId, capacityKg: 1_000, perBuyerLimitKg: 40 }],
      })
      .expect(201);
    const wave = (await ctx.http.post(`/waves/${created.body.id}/publish`).set(bearer(ref.adminToken)).expect(200)).body;
    const buyer = await registerBuyer(ctx, 31);
    const order = async (pointId: string) =>
      (
        await ctx.http
          .post(`/waves/${wave.id}/orders`)
          .set(bearer(buyer.token))
          .send({ droppingPointId: pointId, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 1 }] })
          .expect(201)
      ).body as { id: string };
    const atBandung = await order(bandung.id);
    const buyerCookie = await pageLogin(ctx, buyer.nip, 'password-31');
    const page = await ctx.http.get(`/pesanan/${atBandung.id}`).set('cookie', buyerCookie).expect(200);
    expect(page.text).toContain(`<p data-testid="point-hours">Jam buka: ${HOURS}</p>`);
    const english = await ctx.http.get(`/pesanan/${atBandung.id}`).set('cookie', `${buyerCookie}; gelombang_lang=en`).expect(200);
    expect(english.text).toContain(`Opening hours: ${HOURS}`);

    // A point without opening hours shows no line for them.
    const atMinistry = await order(ref.points[0].id);
    const other = await ctx.http.get(`/pesanan/${atMinistry.id}`).set('cookie', buyerCookie).expect(200);
    expect(other.text).not.toContain('point-hours');
  });
});
