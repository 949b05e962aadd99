import { describePacks, PackTooHeavyError, splitIntoTrips } from './trip-split';

const pack = (sizeKg: number, quantity: number) => ({ packId: `pack-${sizeKg}`, product: 'Beras premium', sizeKg, quantity });

describe('splitIntoTrips', () => {
  it('keeps an order of at most 20 kg in one trip', () => {
    expect(splitIntoTrips([pack(10, 1), pack(5, 2)], 20)).toEqual([{ kg: 20, packs: [pack(10, 1), pack(5, 2)] }]);
  });

  it('splits 2 x 20 kg + 1 x 10 kg + 2 x 5 kg into three full motorbike loads', () => {
    const parts = splitIntoTrips([pack(5, 2), pack(10, 1), pack(20, 2)], 20);
    expect(parts.map((part) => part.kg)).toEqual([20, 20, 20]);
    expect(parts[2].packs).toEqual([pack(10, 1), pack(5, 2)]);
  });

  it('never loads a trip above the limit and loses no pack', () => {
    const items = [pack(5, 7), pack(10, 3), pack(20, 1)];
    for (const maxKg of [20, 25, 30, 40]) {
      const parts = splitIntoTrips(items, maxKg);
      expect(parts.every((part) => part.kg <= maxKg && part.kg === part.packs.reduce((s, p) => s + p.sizeKg * p.quantity, 0))).toBe(true);
      expect(parts.reduce((sum, part) => sum + part.kg, 0)).toBe(85);
      expect(Math.ceil(85 / maxKg)).toBe(parts.length);
    }
  });

  it('is deterministic whatever the order of the lines', () => {
    expect(splitIntoTrips([pack(20, 1), pack(5, 3), pack(10, 2)], 20)).toEqual(splitIntoTrips([pack(10, 2), pack(5, 3), pack(20, 1)], 20));
  });

  it('refuses a pack heavier than a motorbike carries', () => {
    expect(() => splitIntoTrips([pack(20, 1)], 15)).toThrow(PackTooHeavyError);
  });

  it('describes the parcel for the courier', () => {
    expect(describePacks([pack(10, 1), pack(5, 2)])).toBe('Beras premium 1 x 10 kg, Beras premium 2 x 5 kg');
  });
});
