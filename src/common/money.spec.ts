import { formatCount, formatRp } from './money';

describe('formatRp', () => {
  it.each([
    [220_000, 'Rp 220.000'],
    [55_000, 'Rp 55.000'],
    [31_900_000, 'Rp 31.900.000'],
    [0, 'Rp 0'],
    [500, 'Rp 500'],
    [-220_000, 'Rp -220.000'],
  ])('%d -> %s', (rp, text) => {
    expect(formatRp(rp)).toBe(text);
  });

  it('rounds a stray fraction to whole rupiah', () => {
    expect(formatRp(1_234.6)).toBe('Rp 1.235');
  });
});

describe('formatCount', () => {
  it('groups thousands with dots', () => {
    expect(formatCount(1_250)).toBe('1.250');
  });
});
