import { bearer, referenceCase, ReferenceCase, registerBuyers } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

/** Bandung's Serlok day: the Thursday of the second week of each month, 08:00-20:00 WIB. */
const SERLOK = 'FREQ=MONTHLY;BYDAY=+2TH';

describe('Recurring waves', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
  });

  afterAll(() => ctx.close());

  /** A draft wave on Thursday 14 January 2027, the second Thursday of the month. */
  async function januarySerlok() {
    const created = await ctx.http
      .post('/waves')
      .set(bearer(ref.adminToken))
      .send({
        name: 'Serlok',
        opensAt: '2027-01-14T08:00:00+07:00',
        closesAt: '2027-01-14T20:00:00+07:00',
        paymentDeadline: '2027-01-15T17:00:00+07:00',
        handOutDate: '2027-01-16',
        droppingPointIds: ref.points.map((point) => point.id),
        agencies: ['Pemerintah Kota Bandung'],
        products: [{ productId: ref.productId, capacityKg: 1_000, perBuyerLimitKg: 20, packSizesKg: [5, 10] }],
      })
      .expect(201);
    return created.body;
  }

  it('stores the rule on the wave and creates each next wave from the last, on the rule, once', async () => {
    const january = await januarySerlok();
    const withRule = await ctx.http
      .put(`/waves/${january.id}/recurrence`)
      .set(bearer(ref.adminToken))
      .send({ rule: `RRULE:${SERLOK}` })
      .expect(200);
    expect(withRule.body.recurrenceRule).toBe(SERLOK);
    expect(withRule.body.recurrenceText).toBe('Kamis kedua setiap bulan');

    const february = await ctx.http.post(`/waves/${january.id}/next`).set(bearer(ref.adminToken)).send({}).expect(201);
    expect(february.body).toMatchObject({
      name: 'Serlok',
      status: 'draft',
      opensAt: '2027-02-11T08:00:00+07:00',
      closesAt: '2027-02-11T20:00:00+07:00',
      paymentDeadline: '2027-02-12T17:00:00+07:00',
      handOutDate: '2027-02-13',
      agencies: ['Pemerintah Kota Bandung'],
      copiedFromId: january.id,
      recurrenceRule: SERLOK,
    });
    expect(february.body.droppingPoints.map((point: { id: string }) => point.id).sort()).toEqual(
      ref.points.map((point) => point.id).sort(),
    );
    expect(february.body.products).toHaveLength(1);
    expect(february.body.products[0]).toMatchObject({ productId: ref.productId, capacityKg: 1_000, perBuyerLimitKg: 20 });
    expect(february.body.products[0].packs.map((pack: { sizeKg: number }) => pack.sizeKg)).toEqual([5, 10]);

    // Asking again (a double click, a second administrator) gives the same wave, not a second one.
    const again = await ctx.http.post(`/waves/${january.id}/next`).set(bearer(ref.adminToken)).send({}).expect(201);
    expect(again.body.id).toBe(february.body.id);
    const [first, second] = await Promise.all([
      ctx.http.post(`/waves/${february.body.id}/next`).set(bearer(ref.adminToken)).send({ name: 'Serlok Maret' }),
      ctx.http.post(`/waves/${february.body.id}/next`).set(bearer(ref.adminToken)).send({ name: 'Serlok Maret' }),
    ]);
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({
      name: 'Serlok Maret',
      opensAt: '2027-03-11T08:00:00+07:00',
      handOutDate: '2027-03-13',
      copiedFromId: february.body.id,
    });

    const all = await ctx.http.get('/waves').set(bearer(ref.adminToken)).expect(200);
    expect(
      all.body.filter((wave: { name: string }) => wave.name.startsWith('Serlok')).map((wave: { opensAt: string }) => wave.opensAt),
    ).toEqual(['2027-03-11T08:00:00+07:00', '2027-02-11T08:00:00+07:00', '2027-01-14T08:00:00+07:00']);
  });

  it('a wave without a rule has no next one; a rule that ends says so; removing the rule stops the series', async () => {
    const wave = await januarySerlok();
    const none = await ctx.http.post(`/waves/${wave.id}/next`).set(bearer(ref.adminToken)).send({}).expect(400);
    expect(none.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'recurrenceRule' }] });

    await ctx.http
      .put(`/waves/${wave.id}/recurrence`)
      .set(bearer(ref.adminToken))
      .send({ rule: `${SERLOK};UNTIL=20270131T000000Z` })
      .expect(200);
    const ended = await ctx.http.post(`/waves/${wave.id}/next`).set(bearer(ref.adminToken)).send({}).expect(409);
    expect(ended.body.code).toBe('INVALID_TRANSITION');

    const removed = await ctx.http.put(`/waves/${wave.id}/recurrence`).set(bearer(ref.adminToken)).send({ rule: null }).expect(200);
    expect(removed.body).toMatchObject({ recurrenceRule: null, recurrenceText: null });
  });

  it('refuses a bad rule naming the field, and anyone but the administrator', async () => {
    const wave = await januarySerlok();
    for (const rule of ['FREQ=SOMETIMES', 'FREQ=HOURLY', `${SERLOK};COUNT=3`, 'DTSTART:20270101T000000Z\nRRULE:FREQ=DAILY', 42]) {
      const refused = await ctx.http.put(`/waves/${wave.id}/recurrence`).set(bearer(ref.adminToken)).send({ rule }).expect(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.details.map((detail: { field: string }) => detail.field)).toEqual(['rule']);
    }
    await ctx.http.put('/waves/not-a-uuid/recurrence').set(bearer(ref.adminToken)).send({ rule: SERLOK }).expect(400);
    await ctx.http
      .put('/waves/6f1c9a52-7d0e-4b7a-9a44-0d6c1d1f0b11/recurrence')
      .set(bearer(ref.adminToken))
      .send({ rule: SERLOK })
      .expect(404);

    const [buyer] = await registerBuyers(ctx, 1, 7_000);
    await ctx.http.put(`/waves/${wave.id}/recurrence`).set(bearer(buyer.token)).send({ rule: SERLOK }).expect(403);
    await ctx.http.post(`/waves/${wave.id}/next`).set(bearer(buyer.token)).send({}).expect(403);
    await ctx.http.put(`/waves/${wave.id}/recurrence`).send({ rule: SERLOK }).expect(401);
  });
});
