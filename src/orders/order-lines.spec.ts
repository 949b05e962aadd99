import { DomainError } from '../common/domain-error';
import { priceOrder } from './order-lines';
import type { WaveOffer } from './wave-offer.cache';

const offer: WaveOffer = {
  waveId: 'w',
  droppingPointIds: new Set(['dp']),
  deliveryAreas: new Map(),
  products: new Map([
    ['rice', { id: 'rice', perBuyerLimitKg: 40, sliceCount: 4, smallestPackKg: 5 }],
    ['oil', { id: 'oil', perBuyerLimitKg: 10, sliceCount: 1, smallestPackKg: 2 }],
  ]),
  packs: new Map([
    ['rice5', { id: 'rice5', waveProductId: 'rice', sizeKg: 5, priceRp: 55_000 }],
    ['rice20', { id: 'rice20', waveProductId: 'rice', sizeKg: 20, priceRp: 215_000 }],
    ['oil2', { id: 'oil2', waveProductId: 'oil', sizeKg: 2, priceRp: 30_000 }],
  ]),
};

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}

describe('priceOrder', () => {
  it('prices lines and sums demand per product in id order', () => {
    const priced = priceOrder(offer, [
      { packId: 'rice5', quantity: 2 },
      { packId: 'oil2', quantity: 1 },
      { packId: 'rice20', quantity: 1 },
    ]);
    expect(priced.totalKg).toBe(32);
    expect(priced.totalRp).toBe(2 * 55_000 + 30_000 + 215_000);
    expect(priced.demand.map((d) => [d.waveProductId, d.kg])).toEqual([
      ['oil', 2],
      ['rice', 30],
    ]);
  });

  it('names the field of a pack from another wave', () => {
    const error = errorOf(() =>
      priceOrder(offer, [
        { packId: 'rice5', quantity: 1 },
        { packId: 'elsewhere', quantity: 1 },
      ]),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ field: 'items.1.packId', messages: ['packId is not a pack of this wave'] }]);
  });

  it('refuses more than the per-buyer limit before touching the database', () => {
    expect(errorOf(() => priceOrder(offer, [{ packId: 'rice20', quantity: 3 }])).code).toBe('BUYER_LIMIT_EXCEEDED');
  });
});
