import * as jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { publicSecretsInUse, validateEnvironment } from '../src/config/environment';
import { bearer, referenceCase, ReferenceCase, registerBuyer } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';
import { createOfficer } from './desk-fixtures';

const TEST_JWT_SECRET = 'test-secret-at-least-sixteen-chars';
const sign = (claims: object) => jwt.sign(claims, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });

describe('Hardening (finding 6): a token names an existing, enabled account of its role', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
  });

  afterAll(() => ctx.close());

  it('refuses a signed ADMIN token without a subject, with an unknown subject, or with a subject that is not a UUID', async () => {
    for (const claims of [
      { role: 'ADMIN' },
      { sub: randomUUID(), role: 'ADMIN' },
      { sub: "x' OR 1=1 --", role: 'ADMIN' },
      { sub: 42, role: 'ADMIN' },
    ]) {
      const response = await ctx.http.get('/users').set(bearer(sign(claims)));
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it("refuses a signed token that raises its account's role, and one that claims another buyer", async () => {
    const officer = await createOfficer(ctx, ref, 'petugas.naik', [ref.points[0].id]);
    const raised = await ctx.http.get('/users').set(bearer(sign({ sub: officer.id, role: 'ADMIN' })));
    expect({ status: raised.status, code: raised.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });

    const [a, b] = [await registerBuyer(ctx, 11), await registerBuyer(ctx, 12)];
    const meA = await ctx.http.get('/me').set(bearer(a.token)).expect(200);
    const userA = (await ctx.http.get('/users').set(bearer(ref.adminToken)).expect(200)).body.find((u: any) => u.username === meA.body.nip);
    // A's account, with B's buyer id in the claims: the buyer comes from the account, not the claim.
    const me = await ctx.http
      .get('/me')
      .set(bearer(sign({ sub: userA.id, role: 'BUYER', bid: b.id })))
      .expect(200);
    expect(me.body.id).toBe(meA.body.id);
  });

  it('refuses to start beyond loopback with a secret published in the source, unless NODE_ENV=development is explicit', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'gelombang-development-secret-change-me',
      COURIER_API_KEY: 'dev-courier-api-key',
      COURIER_WEBHOOK_SECRET: 'dev-courier-webhook-secret',
      HOST: '0.0.0.0',
    };
    expect(publicSecretsInUse(validateEnvironment(production), production)).toEqual([
      'JWT_SECRET',
      'COURIER_API_KEY',
      'COURIER_WEBHOOK_SECRET',
    ]);
    const implicit = { HOST: '0.0.0.0' };
    expect(publicSecretsInUse(validateEnvironment(implicit), implicit)).toEqual([
      'JWT_SECRET',
      'COURIER_API_KEY',
      'COURIER_WEBHOOK_SECRET',
    ]);
    const loopback = { HOST: '127.0.0.1' };
    expect(publicSecretsInUse(validateEnvironment(loopback), loopback)).toEqual([]);
    const explicit = { NODE_ENV: 'development', HOST: '0.0.0.0' };
    expect(publicSecretsInUse(validateEnvironment(explicit), explicit)).toEqual([]);
    const own = {
      NODE_ENV: 'production',
      JWT_SECRET: 'an-operator-secret-of-32-chars!!',
      COURIER_API_KEY: 'operator-key',
      COURIER_WEBHOOK_SECRET: 'operator-webhook-secret',
      HOST: '0.0.0.0',
    };
    expect(publicSecretsInUse(validateEnvironment(own), own)).toEqual([]);
  });
});
