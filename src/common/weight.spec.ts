import { formatKg, formatTonnes, formatWeight } from './weight';

describe('weights', () => {
  it('formats kg with Indonesian grouping', () => {
    expect(formatKg(2_900)).toBe('2.900 kg');
    expect(formatKg(40)).toBe('40 kg');
  });

  it('formats tonnes with a decimal comma, up to three places', () => {
    expect(formatTonnes(2.9)).toBe('2,9 ton');
    expect(formatTonnes(0.0125)).toBe('0,013 ton');
  });

  it('speaks of kg below a tonne and of tonnes from one tonne up', () => {
    expect(formatWeight(999)).toBe('999 kg');
    expect(formatWeight(1_000)).toBe('1 ton');
    expect(formatWeight(2_900)).toBe('2,9 ton');
  });
});
