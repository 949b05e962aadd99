import { OrderStatus } from '../orders/order-status.enum';
import { goodsProgress } from './goods-progress';

const items = [
  { packId: 'p5', sizeKg: 5, quantity: 2 },
  { packId: 'p10', sizeKg: 10, quantity: 3 },
];

describe('goodsProgress', () => {
  it('owes everything before any pack left the point', () => {
    expect(goodsProgress(OrderStatus.Ready, items, [])).toEqual({
      state: 'none',
      handedOverPacks: [],
      handedOverKg: 0,
      owedPacks: items,
      owedKg: 40,
    });
  });

  it('adds up partial hand-overs and delivered trips and owes the rest', () => {
    const progress = goodsProgress(OrderStatus.Paid, items, [
      { packId: 'p10', quantity: 1 },
      { packId: 'p10', quantity: 1 },
    ]);
    expect(progress).toMatchObject({ state: 'partly', handedOverKg: 20, owedKg: 20 });
    expect(progress.owedPacks).toEqual([
      { packId: 'p5', sizeKg: 5, quantity: 2 },
      { packId: 'p10', sizeKg: 10, quantity: 1 },
    ]);
  });

  it('counts everything handed over once the order is with its buyer, and owes nothing on a cancelled order', () => {
    expect(goodsProgress(OrderStatus.PickedUp, items, [{ packId: 'p5', quantity: 1 }])).toMatchObject({
      state: 'all',
      handedOverKg: 40,
      owedPacks: [],
    });
    expect(goodsProgress(OrderStatus.Cancelled, items, [])).toMatchObject({ state: 'none', owedPacks: [], owedKg: 0 });
  });
});
