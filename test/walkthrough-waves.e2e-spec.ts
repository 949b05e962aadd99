import request from 'supertest';
import { bearer, referenceCase, ReferenceCase, registerBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

const HOUR = 3_600_000;

/**
 * Issue 17, the administrator's waves: drafts edited and deleted, and a cooperative's availableKg
 * weighed against every wave whose order window overlaps (create, edit, publish, two at once).
 */
describe('Walkthrough: drafts and the cooperative supply across waves', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let auth: { Authorization: string };

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    auth = bearer(ref.adminToken);
  });

  afterAll(() => ctx.close());

  /** A product of a cooperative of its own, so no other test's wave holds any of it. */
  async function productOf(name: string, availableKg: number): Promise<{ id: string; name: string }> {
    const cooperative = await ctx.http
      .post('/cooperatives')
      .set(auth)
      .send({ name: `Koperasi ${name}`, region: 'Kabupaten Subang' })
      .expect(201);
    const product = await ctx.http
      .post(`/cooperatives/${cooperative.body.id}/products`)
      .set(auth)
      .send({ commodity: 'beras medium', name, pricePerKgRp: 9_500, availableKg, packs: [{ sizeKg: 5 }, { sizeKg: 10 }] })
      .expect(201);
    return { id: product.body.id, name };
  }

  /** A wave body opening `opensInMs` from now for `hours`. */
  function waveBody(products: { productId: string; capacityKg: number }[], opensInMs = -60_000, hours = 2, name = 'Gelombang II') {
    const opensAt = Date.now() + opensInMs;
    const closesAt = opensAt + hours * HOUR;
    return {
      name,
      opensAt: new Date(opensAt).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      paymentDeadline: new Date(closesAt + 24 * HOUR).toISOString(),
      handOutDate: new Date(closesAt + 48 * HOUR).toISOString().slice(0, 10),
      droppingPointIds: ref.points.map((point) => point.id),
      products: products.map((offer) => ({ ...offer, perBuyerLimitKg: 40 })),
    };
  }

  const draft = async (body: object) => (await ctx.http.post('/waves').set(auth).send(body).expect(201)).body;
  const publish = (id: string) => ctx.http.post(`/waves/${id}/publish`).set(auth);

  describe('a draft is edited and deleted by the administrator', () => {
    it('edits a draft with the rules of creating it: the fields given change, the rest stay', async () => {
      const rice = await productOf('Beras Subang edit', 10_000);
      const created = await draft(waveBody([{ productId: rice.id, capacityKg: 2_000 }], HOUR));

      const edited = await ctx.http
        .patch(`/waves/${created.id}`)
        .set(auth)
        .send({
          name: 'Gelombang II (revisi)',
          products: [{ productId: rice.id, capacityKg: 3_000, perBuyerLimitKg: 20, packSizesKg: [10] }],
        })
        .expect(200);
      expect(edited.body).toMatchObject({
        id: created.id,
        name: 'Gelombang II (revisi)',
        status: 'draft',
        opensAt: created.opensAt,
        closesAt: created.closesAt,
        handOutDate: created.handOutDate,
        droppingPoints: created.droppingPoints,
      });
      expect(edited.body.products).toEqual([
        expect.objectContaining({
          productId: rice.id,
          capacityKg: 3_000,
          perBuyerLimitKg: 20,
          packs: [expect.objectContaining({ sizeKg: 10 })],
        }),
      ]);
      // The old offer is gone, not left beside the new one.
      const offers = await sql(ctx.databaseUrl, 'SELECT capacity_kg FROM wave_products WHERE wave_id = $1', [created.id]);
      expect(offers).toEqual([{ capacity_kg: 3_000 }]);

      const onlyPoint = await ctx.http
        .patch(`/waves/${created.id}`)
        .set(auth)
        .send({ droppingPointIds: [ref.points[1].id] })
        .expect(200);
      expect(onlyPoint.body.droppingPoints.map((point: { id: string }) => point.id)).toEqual([ref.points[1].id]);
      expect(onlyPoint.body.products[0].capacityKg).toBe(3_000);
    });

    it('refuses an edit that creating would refuse, naming the field, and leaves the draft as it was', async () => {
      const rice = await productOf('Beras Subang rules', 10_000);
      const created = await draft(waveBody([{ productId: rice.id, capacityKg: 2_000 }], HOUR));

      const before = await ctx.http.patch(`/waves/${created.id}`).set(auth).send({ closesAt: created.opensAt }).expect(400);
      expect(before.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'closesAt' }] });
      const below = await ctx.http
        .patch(`/waves/${created.id}`)
        .set(auth)
        .send({ products: [{ productId: rice.id, capacityKg: 2_000, perBuyerLimitKg: 3 }] })
        .expect(400);
      expect(below.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'products.0.perBuyerLimitKg' }] });
      const typo = await ctx.http.patch(`/waves/${created.id}`).set(auth).send({ name: 'x', status: 'open' }).expect(400);
      expect(typo.body.code).toBe('VALIDATION_FAILED');

      const unchanged = await ctx.http.get(`/waves/${created.id}`).set(auth).expect(200);
      expect(unchanged.body).toMatchObject({ name: 'Gelombang II', closesAt: created.closesAt, status: 'draft' });
      expect(unchanged.body.products[0]).toMatchObject({ capacityKg: 2_000, perBuyerLimitKg: 40 });
    });

    it('deletes a draft with everything it owns, in one go', async () => {
      const rice = await productOf('Beras Subang delete', 10_000);
      const created = await draft(waveBody([{ productId: rice.id, capacityKg: 2_000 }], HOUR));

      await ctx.http.delete(`/waves/${created.id}`).set(auth).expect(204);
      await ctx.http.get(`/waves/${created.id}`).set(auth).expect(404);
      const [left] = await sql<{ waves: number; offers: number; packs: number; points: number; events: number }>(
        ctx.databaseUrl,
        `SELECT (SELECT count(*) FROM waves WHERE id = $1)::int AS waves,
                (SELECT count(*) FROM wave_products WHERE wave_id = $1)::int AS offers,
                (SELECT count(*) FROM wave_packs WHERE wave_id = $1)::int AS packs,
                (SELECT count(*) FROM wave_dropping_points WHERE wave_id = $1)::int AS points,
                (SELECT count(*) FROM wave_events WHERE wave_id = $1)::int AS events`,
        [created.id],
      );
      expect(left).toEqual({ waves: 0, offers: 0, packs: 0, points: 0, events: 0 });
      const again = await ctx.http.delete(`/waves/${created.id}`).set(auth).expect(404);
      expect(again.body.code).toBe('NOT_FOUND');
    });

    it('refuses to edit or delete a wave once it is published, with WAVE_NOT_DRAFT, and lets only administrators try', async () => {
      const rice = await productOf('Beras Subang published', 10_000);
      const created = await draft(waveBody([{ productId: rice.id, capacityKg: 2_000 }], HOUR));
      await publish(created.id).expect(200);

      const edit = await ctx.http.patch(`/waves/${created.id}`).set(auth).send({ name: 'Gelombang lain' }).expect(409);
      expect(edit.body).toMatchObject({ code: 'WAVE_NOT_DRAFT', details: { status: 'scheduled' } });
      const remove = await ctx.http.delete(`/waves/${created.id}`).set(auth).expect(409);
      expect(remove.body).toMatchObject({ code: 'WAVE_NOT_DRAFT', details: { status: 'scheduled' } });
      const kept = await ctx.http.get(`/waves/${created.id}`).set(auth).expect(200);
      expect(kept.body).toMatchObject({ name: 'Gelombang II', status: 'scheduled' });

      const other = await draft(waveBody([{ productId: rice.id, capacityKg: 1_000 }], 30 * 24 * HOUR));
      const buyer = await registerBuyer(ctx, 17_001);
      await ctx.http.patch(`/waves/${other.id}`).set(bearer(buyer.token)).send({ name: 'Gelombang saya' }).expect(403);
      await ctx.http.delete(`/waves/${other.id}`).set(bearer(buyer.token)).expect(403);
      await ctx.http.delete(`/waves/${other.id}`).expect(401);
    });
  });

  describe("a cooperative's availableKg holds across overlapping waves", () => {
    it('refuses a wave asking 6,000 kg while an overlapping open wave holds all 5,000, naming the product and what is left', async () => {
      const rice = await productOf('Beras Subang 5 ton', 5_000);
      const first = await draft(waveBody([{ productId: rice.id, capacityKg: 5_000 }]));
      const opened = await publish(first.id).expect(200);
      expect(opened.body.status).toBe('open');

      const refused = await ctx.http
        .post('/waves')
        .set(auth)
        .send(
          waveBody(
            [
              { productId: ref.productId, capacityKg: 100 },
              { productId: rice.id, capacityKg: 6_000 },
            ],
            HOUR,
          ),
        )
        .expect(409);
      expect(refused.body).toMatchObject({
        statusCode: 409,
        code: 'CAPACITY_UNAVAILABLE',
        message: `${rice.name}: 5.000 kg available, 5.000 kg held by overlapping waves, 0 kg left; this wave asks 6.000 kg`,
        details: [
          {
            field: 'products.1.capacityKg',
            productId: rice.id,
            productName: rice.name,
            availableKg: 5_000,
            heldKg: 5_000,
            leftKg: 0,
            requestedKg: 6_000,
          },
        ],
      });
      // Even a small offer finds nothing left while the windows overlap.
      const small = await ctx.http
        .post('/waves')
        .set(auth)
        .send(waveBody([{ productId: rice.id, capacityKg: 50 }], HOUR))
        .expect(409);
      expect(small.body.details[0]).toMatchObject({ heldKg: 5_000, leftKg: 0, requestedKg: 50 });

      // A wave whose window starts after the first one closes overlaps nothing (the shown time drops the milliseconds).
      const firstClosesAt = new Date(opened.body.closesAt).getTime() + 1_000;
      const later = await draft(waveBody([{ productId: rice.id, capacityKg: 5_000 }], firstClosesAt - Date.now()));
      await publish(later.id).expect(200);
      // But one asking more than the cooperative has at all is refused on its own.
      const tooMuch = await ctx.http
        .post('/waves')
        .set(auth)
        .send(waveBody([{ productId: rice.id, capacityKg: 5_001 }], 60 * 24 * HOUR))
        .expect(409);
      expect(tooMuch.body.details[0]).toMatchObject({ availableKg: 5_000, heldKg: 0, leftKg: 5_000, requestedKg: 5_001 });
    });

    it('weighs an edit and a publish too; a draft holds nothing and a cancelled wave gives its capacity back', async () => {
      const rice = await productOf('Beras Subang weighed', 5_000);
      // Two drafts over the same days: neither holds anything yet.
      const a = await draft(waveBody([{ productId: rice.id, capacityKg: 3_000 }], HOUR, 4, 'Gelombang A'));
      const b = await draft(waveBody([{ productId: rice.id, capacityKg: 3_000 }], 2 * HOUR, 4, 'Gelombang B'));
      await publish(a.id).expect(200);

      const publishB = await publish(b.id).expect(409);
      expect(publishB.body).toMatchObject({
        code: 'CAPACITY_UNAVAILABLE',
        details: [
          { field: 'products.0.capacityKg', productId: rice.id, availableKg: 5_000, heldKg: 3_000, leftKg: 2_000, requestedKg: 3_000 },
        ],
      });
      await ctx.http
        .get(`/waves/${b.id}`)
        .set(auth)
        .expect(200)
        .expect((res) => expect(res.body.status).toBe('draft'));

      // Edited down to what is left, it publishes.
      const editTooMuch = await ctx.http
        .patch(`/waves/${b.id}`)
        .set(auth)
        .send({ products: [{ productId: rice.id, capacityKg: 2_001, perBuyerLimitKg: 40 }] })
        .expect(409);
      expect(editTooMuch.body.details[0]).toMatchObject({ leftKg: 2_000, requestedKg: 2_001 });
      await ctx.http
        .patch(`/waves/${b.id}`)
        .set(auth)
        .send({ products: [{ productId: rice.id, capacityKg: 2_000, perBuyerLimitKg: 40 }] })
        .expect(200);
      await publish(b.id).expect(200);

      // Moving a draft into the busy days is an edit the supply refuses.
      const c = await draft(waveBody([{ productId: rice.id, capacityKg: 1_000 }], 30 * 24 * HOUR, 4, 'Gelombang C'));
      const moved = await ctx.http
        .patch(`/waves/${c.id}`)
        .set(auth)
        .send({ opensAt: a.opensAt, closesAt: a.closesAt, paymentDeadline: a.paymentDeadline, handOutDate: a.handOutDate })
        .expect(409);
      expect(moved.body.details[0]).toMatchObject({ heldKg: 5_000, leftKg: 0, requestedKg: 1_000 });

      // Cancelling A gives its 3,000 kg back.
      await ctx.http.post(`/waves/${a.id}/cancel`).set(auth).send({ reason: 'diganti gelombang C' }).expect(200);
      const c2 = await ctx.http
        .patch(`/waves/${c.id}`)
        .set(auth)
        .send({ opensAt: a.opensAt, closesAt: a.closesAt, paymentDeadline: a.paymentDeadline, handOutDate: a.handOutDate })
        .expect(200);
      expect(c2.body.opensAt).toBe(a.opensAt);
      await publish(c.id).expect(200);
    });

    it('lets only one of two administrators publishing at once take the last of the supply', async () => {
      const rice = await productOf('Beras Subang race', 5_000);
      const second = await ctx.startInstance();
      const drafts = [
        await draft(waveBody([{ productId: rice.id, capacityKg: 3_000 }], HOUR, 2, 'Gelombang kiri')),
        await draft(waveBody([{ productId: rice.id, capacityKg: 3_000 }], HOUR, 2, 'Gelombang kanan')),
      ];
      const answers = await Promise.all([
        publish(drafts[0].id),
        request(second.getHttpServer()).post(`/waves/${drafts[1].id}/publish`).set(auth),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      expect(answers.find((answer) => answer.status === 409)!.body).toMatchObject({
        code: 'CAPACITY_UNAVAILABLE',
        details: [{ productId: rice.id, heldKg: 3_000, leftKg: 2_000, requestedKg: 3_000 }],
      });
      const [held] = await sql<{ kg: number }>(
        ctx.databaseUrl,
        `SELECT coalesce(sum(wp.capacity_kg), 0)::int AS kg FROM wave_products wp JOIN waves w ON w.id = wp.wave_id
          WHERE wp.product_id = $1 AND w.status <> 'draft'`,
        [rice.id],
      );
      expect(held.kg).toBe(3_000);
    });
  });
});
