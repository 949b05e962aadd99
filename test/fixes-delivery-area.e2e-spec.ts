import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyer, TestBuyer } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

/** Issue 17: home delivery reaches as far as the dropping point's radius, shown before ordering. */
describe('Home delivery radius per dropping point', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyer: TestBuyer;
  let wave: any;
  let pointId: string;
  const SURABAYA = { latitude: -7.2575, longitude: 112.7521 };
  const JAGAKARSA = { latitude: -6.3405, longitude: 106.8201 };

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    const point = await ctx.http
      .post('/dropping-points')
      .set(bearer(ref.adminToken))
      .send({
        name: 'Lenteng Agung (antar)',
        address: 'Jl. Raya Lenteng Agung, Jagakarsa, Jakarta Selatan',
        latitude: -6.3302,
        longitude: 106.8346,
        deliveryRadiusKm: 15,
      })
      .expect(201);
    expect(point.body.deliveryRadiusKm).toBe(15);
    pointId = point.body.id;
    wave = await createWave(ctx, { ...ref, points: [...ref.points, { id: pointId, name: point.body.name }] });
    buyer = await registerBuyer(ctx, 500);
  });

  afterAll(() => ctx.close());

  const order = (coordinates: Partial<typeof SURABAYA>) =>
    ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .send({
        droppingPointId: pointId,
        fulfilment: 'delivery',
        deliveryAddress: 'Jl. Contoh No. 1',
        ...(coordinates.latitude === undefined ? {} : { deliveryLatitude: coordinates.latitude, deliveryLongitude: coordinates.longitude }),
        items: [{ packId: packOf(wave, 20), quantity: 1 }],
      });

  it('shows the distance, whether the ojek goes there and the courier fee estimate before ordering', async () => {
    const far = await ctx.http
      .get(`/dropping-points/${pointId}/delivery-estimate?latitude=${SURABAYA.latitude}&longitude=${SURABAYA.longitude}&kg=45`)
      .set(bearer(buyer.token))
      .expect(200);
    expect(far.body).toEqual({
      droppingPointId: pointId,
      name: 'Lenteng Agung (antar)',
      distanceKm: 661.5,
      radiusKm: 15,
      withinRadius: false,
      kg: 45,
      trips: 3,
      courierFeeEstimateRp: 5_004_000,
    });
    const near = await ctx.http
      .get(`/dropping-points/${pointId}/delivery-estimate?latitude=${JAGAKARSA.latitude}&longitude=${JAGAKARSA.longitude}`)
      .set(bearer(buyer.token))
      .expect(200);
    expect(near.body).toMatchObject({ distanceKm: 2, withinRadius: true, kg: 20, trips: 1, courierFeeEstimateRp: 21_500 });
    // A point without a radius delivers anywhere.
    const open = await ctx.http
      .get(`/dropping-points/${ref.points[1].id}/delivery-estimate?latitude=${SURABAYA.latitude}&longitude=${SURABAYA.longitude}`)
      .set(bearer(buyer.token))
      .expect(200);
    expect(open.body).toMatchObject({ radiusKm: null, withinRadius: true });
    const bad = await ctx.http
      .get(`/dropping-points/${pointId}/delivery-estimate?latitude=abc&longitude=106.8`)
      .set(bearer(buyer.token))
      .expect(400);
    expect(bad.body.details.map((d: any) => d.field)).toEqual(['latitude']);
  });

  it('refuses a home delivery outside the radius, or without coordinates to measure, and takes one inside', async () => {
    const far = await order(SURABAYA).expect(400);
    expect(far.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { field: 'deliveryLatitude', messages: ['the address is 661.5 km from Lenteng Agung (antar); home delivery reaches 15 km'] },
      ],
    });
    const unmeasured = await order({}).expect(400);
    expect(unmeasured.body.details[0].field).toBe('deliveryLatitude');
    const near = await order(JAGAKARSA).expect(201);
    expect(near.body).toMatchObject({ fulfilment: 'delivery', totalKg: 20 });
  });
});
