import { sliceCountFor, splitCapacity } from './capacity-slices';

describe('capacity slices', () => {
  it('uses fewer slices for small capacities and at most 64', () => {
    expect(sliceCountFor(50)).toBe(1);
    expect(sliceCountFor(1000)).toBe(5);
    expect(sliceCountFor(2_900)).toBe(14);
    expect(sliceCountFor(100_000)).toBe(64);
  });

  it('splits a capacity exactly', () => {
    expect(splitCapacity(2_900, 14)).toEqual([208, 208, ...Array(12).fill(207)]);
    expect(splitCapacity(2_900, 14).reduce((a, b) => a + b, 0)).toBe(2_900);
  });
});
