import { availablePacks, chooseReady } from './stock';

describe('chooseReady', () => {
  it('serves paid orders in payment order while every pack they need is there', () => {
    const available = new Map([
      ['p5', 3],
      ['p10', 1],
    ]);
    const chosen = chooseReady(available, [
      { id: 'a', items: [{ packId: 'p5', quantity: 2 }] },
      { id: 'b', items: [{ packId: 'p5', quantity: 2 }] },
      {
        id: 'c',
        items: [
          { packId: 'p10', quantity: 1 },
          { packId: 'p5', quantity: 1 },
        ],
      },
      { id: 'd', items: [{ packId: 'p10', quantity: 1 }] },
    ]);
    // b does not fit after a (1 x 5 kg left); c still does; d finds the only 10 kg pack taken.
    expect(chosen).toEqual(['a', 'c']);
    expect(available.get('p5')).toBe(3);
  });

  it('serves nothing of a pack that never arrived', () => {
    expect(chooseReady(new Map([['p5', 10]]), [{ id: 'a', items: [{ packId: 'p20', quantity: 1 }] }])).toEqual([]);
  });
});

describe('availablePacks', () => {
  it('subtracts what ready and handed-over orders hold, never below zero', () => {
    const available = availablePacks(
      new Map([
        ['p5', 10],
        ['p10', 2],
      ]),
      new Map([
        ['p5', 4],
        ['p10', 3],
      ]),
    );
    expect([...available]).toEqual([
      ['p5', 6],
      ['p10', 0],
    ]);
  });
});
