import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

/** Issue 17: errors that misled the people reading them. */
describe('Issue 17: errors that say what is wrong', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let buyer: TestBuyer;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    [buyer] = await registerBuyers(ctx, 1, 900);
  });

  afterAll(() => ctx.close());

  it('names a missing field once, as required, instead of stacking every rule it has', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 100 });
    const response = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .send({ fulfilment: 'pickup', items: [{ packId: wave.products[0].packs[0].id, quantity: 1 }] })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toEqual([{ field: 'droppingPointId', messages: ['droppingPointId is required'] }]);
  });

  it('answers a body of the wrong media type with 415 UNSUPPORTED_MEDIA_TYPE, not VALIDATION_FAILED', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 100 });
    const response = await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyer.token))
      .set('content-type', 'application/xml')
      .send('<order><kg>20</kg></order>')
      .expect(415);
    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
