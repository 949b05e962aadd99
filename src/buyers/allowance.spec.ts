import { orderableAmounts, orderableKg, productAllowance } from './allowance';

describe('orderableKg', () => {
  it('rounds down to what whole packs make', () => {
    expect(orderableKg(40, [5, 10, 20])).toBe(40);
    expect(orderableKg(37, [5, 10, 20])).toBe(35);
    expect(orderableKg(7, [5])).toBe(5);
    expect(orderableKg(4, [5, 10])).toBe(0);
    expect(orderableKg(13, [5, 3])).toBe(13);
  });

  it('is 0 when nothing is left or there are no packs', () => {
    expect(orderableKg(0, [5])).toBe(0);
    expect(orderableKg(-10, [5])).toBe(0);
    expect(orderableKg(10, [])).toBe(0);
  });
});

describe('orderableAmounts', () => {
  it('lists every total whole packs make, up to the bound', () => {
    expect(orderableAmounts(40, [5, 10, 20])).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
    expect(orderableAmounts(12, [5, 3])).toEqual([3, 5, 6, 8, 9, 10, 11, 12]);
    expect(orderableAmounts(4, [5])).toEqual([]);
  });
});

describe('productAllowance', () => {
  const base = { waveProductId: 'p', name: 'Beras', perBuyerLimitKg: 40, packSizesKg: [5, 10, 20] };

  it('is bounded by the limit left', () => {
    expect(productAllowance({ ...base, remainingKg: 3000, orderedKg: 25 }).mayStillOrderKg).toBe(15);
  });

  it('is bounded by the stock left, in whole packs', () => {
    expect(productAllowance({ ...base, remainingKg: 12, orderedKg: 0 }).mayStillOrderKg).toBe(10);
  });

  it('is 0 at the limit', () => {
    expect(productAllowance({ ...base, remainingKg: 3000, orderedKg: 40 })).toMatchObject({ mayStillOrderKg: 0, orderedKg: 40 });
  });
});
