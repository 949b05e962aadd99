import { newPickupCode, normalisePickupCode } from './pickup-code';

describe('pickup codes', () => {
  it('are six unambiguous characters in two groups', () => {
    for (let i = 0; i < 200; i++) expect(newPickupCode()).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
  });

  it('normalise what a person types', () => {
    expect(normalisePickupCode(' k7q m3x ')).toBe('K7Q-M3X');
    expect(normalisePickupCode('k7q-m3x')).toBe('K7Q-M3X');
  });
});
