import { allocateShortfall, smallestCover } from './shortfall-allocation';

const order = (orderId: string, ...packs: [number, number][]) => ({
  orderId,
  lines: packs.map(([sizeKg, quantity]) => ({ itemId: `${orderId}-${sizeKg}`, sizeKg, quantity })),
});

describe('allocateShortfall (last come, first cut)', () => {
  it('takes whole orders from the latest back while they do not cover what is missing', () => {
    const result = allocateShortfall([order('late', [10, 1]), order('middle', [5, 2]), order('early', [20, 2])], 20);
    expect(result.cuts.map((c) => [c.orderId, c.sizeKg, c.packsCut])).toEqual([
      ['late', 10, 1],
      ['middle', 5, 2],
    ]);
    expect(result).toMatchObject({ cutKg: 20, uncoveredKg: 0 });
  });

  it('cuts the order that finishes the job as little as its pack sizes allow', () => {
    // 15 kg missing from an order of 20 + 10 + 5 + 5: 10 + 5 is exact.
    const result = allocateShortfall([order('late', [20, 1], [10, 1], [5, 2])], 15);
    expect(result.cuts.map((c) => [c.sizeKg, c.packsCut])).toEqual([
      [10, 1],
      [5, 1],
    ]);
    expect(result.cutKg).toBe(15);
  });

  it('overshoots only where pack sizes force it, and never touches an earlier order to avoid that', () => {
    const result = allocateShortfall([order('late', [20, 1]), order('early', [5, 4])], 5);
    expect(result.cuts.map((c) => [c.orderId, c.sizeKg, c.packsCut])).toEqual([['late', 20, 1]]);
    expect(result.cutKg).toBe(20);
  });

  it('reports what it could not cover when the orders run out', () => {
    const result = allocateShortfall([order('only', [10, 2])], 50);
    expect(result).toMatchObject({ cutKg: 20, uncoveredKg: 30 });
  });

  it('prefers fewer packs, then larger packs, among cuts of equal weight', () => {
    expect(
      smallestCover(
        [
          { itemId: 'a', sizeKg: 5, quantity: 4 },
          { itemId: 'b', sizeKg: 10, quantity: 2 },
        ],
        10,
      ),
    ).toEqual([0, 1]);
    expect(
      smallestCover(
        [
          { itemId: 'a', sizeKg: 5, quantity: 4 },
          { itemId: 'b', sizeKg: 20, quantity: 1 },
        ],
        12,
      ),
    ).toEqual([3, 0]);
  });

  it('refuses a shortfall that is not a positive whole number of kg', () => {
    expect(() => allocateShortfall([], 0)).toThrow(RangeError);
    expect(() => allocateShortfall([], 2.5)).toThrow(RangeError);
  });
});
