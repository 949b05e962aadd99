import { sign, verifySignature } from './webhook-signature';

const secret = 'a-shared-secret-of-some-length';
const body = '{"id":"evt_1","type":"booking.delivered"}';

describe('courier webhook signature', () => {
  it('accepts the signature of the body made with the shared secret', () => {
    expect(verifySignature(secret, body, sign(secret, body, 1_700_000_000), 1_700_000_010)).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, a missing or malformed header', () => {
    const header = sign(secret, body, 1_700_000_000);
    expect(verifySignature(secret, body.replace('delivered', 'failed'), header, 1_700_000_000).ok).toBe(false);
    expect(verifySignature('another-secret-entirely', body, header, 1_700_000_000).ok).toBe(false);
    expect(verifySignature(secret, body, undefined, 1_700_000_000).ok).toBe(false);
    expect(verifySignature(secret, body, 'v1=abc', 1_700_000_000).ok).toBe(false);
  });

  it('refuses a signature older than five minutes (a replay of a captured call)', () => {
    const header = sign(secret, body, 1_700_000_000);
    expect(verifySignature(secret, body, header, 1_700_000_301)).toEqual({
      ok: false,
      reason: 'The signature is too old or from the future',
    });
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const mac = sign(secret, body, 1_700_000_000).split('v1=')[1];
    expect(verifySignature(secret, body, `t=1700000000,v1=deadbeef,v1=${mac}`, 1_700_000_000).ok).toBe(true);
  });
});
