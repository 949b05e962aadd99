import { Fulfilment } from './order-status.enum';
import { nextReceipt } from './order-change.service';
import type { OrderReceipt } from './orders.repository';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const offer = {
  droppingPointIds: new Set([A, B]),
  deliveryAreas: new Map([
    [A, { name: 'Kemenkop', latitude: -6.2146, longitude: 106.8312, radiusKm: null }],
    [B, { name: 'Bappenas', latitude: -6.1997, longitude: 106.8322, radiusKm: 15 }],
  ]),
};
const pickupAtA: OrderReceipt = {
  droppingPointId: A,
  fulfilment: Fulfilment.Pickup,
  deliveryAddress: null,
  deliveryLatitude: null,
  deliveryLongitude: null,
};
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { details: { field: string }[] }).details[0].field;
  }
  return null;
};

describe('nextReceipt', () => {
  it('keeps what is not sent', () => {
    expect(nextReceipt(pickupAtA, { droppingPointId: B }, offer)).toEqual({ ...pickupAtA, droppingPointId: B });
  });

  it('needs an address to become a delivery, and clears it back to pickup', () => {
    expect(fieldOf(() => nextReceipt(pickupAtA, { fulfilment: Fulfilment.Delivery }, offer))).toBe('deliveryAddress');
    const home = nextReceipt(pickupAtA, { fulfilment: Fulfilment.Delivery, deliveryAddress: 'Jl. Kuningan Barat No. 8' }, offer);
    expect(home).toEqual({ ...pickupAtA, fulfilment: Fulfilment.Delivery, deliveryAddress: 'Jl. Kuningan Barat No. 8' });
    expect(nextReceipt(home, { fulfilment: Fulfilment.Pickup }, offer)).toEqual(pickupAtA);
  });

  it("checks the new point's radius on the kept pin, and drops the old pin with a new address", () => {
    const pinned = {
      ...pickupAtA,
      fulfilment: Fulfilment.Delivery,
      deliveryAddress: 'Jl. Cikini Raya No. 73',
      deliveryLatitude: -6.1911,
      deliveryLongitude: 106.8389,
    };
    expect(nextReceipt(pinned, { droppingPointId: B }, offer)).toEqual({ ...pinned, droppingPointId: B });
    expect(fieldOf(() => nextReceipt(pinned, { droppingPointId: B, deliveryAddress: 'Jl. Cikini Raya No. 75' }, offer))).toBe(
      'deliveryLatitude',
    );
    expect(fieldOf(() => nextReceipt(pinned, { droppingPointId: B, deliveryLatitude: -7.2875, deliveryLongitude: 112.7381 }, offer))).toBe(
      'deliveryLatitude',
    );
  });

  it('refuses a point the wave does not have', () => {
    expect(fieldOf(() => nextReceipt(pickupAtA, { droppingPointId: '33333333-3333-4333-8333-333333333333' }, offer))).toBe(
      'droppingPointId',
    );
  });
});
