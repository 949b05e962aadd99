import { ErrorCode } from '../common/domain-error';
import { capacityShortfalls, capacityUnavailable } from './capacity-holds';

const rice = { index: 0, productId: 'rice', productName: 'Beras premium Indramayu', availableKg: 5_000 };

describe('capacityShortfalls', () => {
  it('lets an offer through that fits beside the overlapping waves, to the last kg', () => {
    expect(capacityShortfalls([{ ...rice, heldKg: 2_000, requestedKg: 3_000 }])).toEqual([]);
  });

  it('names the product, what is held and what is left when an offer does not fit', () => {
    expect(capacityShortfalls([{ ...rice, heldKg: 5_000, requestedKg: 6_000 }])).toEqual([
      {
        field: 'products.0.capacityKg',
        messages: ['Beras premium Indramayu: 5.000 kg available, 5.000 kg held by overlapping waves, 0 kg left; this wave asks 6.000 kg'],
        productId: 'rice',
        productName: 'Beras premium Indramayu',
        availableKg: 5_000,
        heldKg: 5_000,
        leftKg: 0,
        requestedKg: 6_000,
      },
    ]);
  });

  it('never says less than nothing is left when the waves already hold more than the cooperative has', () => {
    const [shortfall] = capacityShortfalls([{ ...rice, availableKg: 4_000, heldKg: 5_000, requestedKg: 100 }]);
    expect(shortfall.leftKg).toBe(0);
  });

  it('reports every offer that does not fit, by its position in the wave', () => {
    const sugar = { index: 1, productId: 'sugar', productName: 'Gula pasir Cirebon', availableKg: 500, heldKg: 400, requestedKg: 200 };
    const shortfalls = capacityShortfalls([{ ...rice, heldKg: 0, requestedKg: 6_000 }, sugar]);
    expect(shortfalls.map((s) => [s.field, s.leftKg])).toEqual([
      ['products.0.capacityKg', 5_000],
      ['products.1.capacityKg', 100],
    ]);
    expect(capacityUnavailable(shortfalls)).toMatchObject({ code: ErrorCode.CapacityUnavailable, details: shortfalls });
  });
});
