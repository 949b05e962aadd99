import { stockOf } from './wave-money';

const point = (id: string, figures: Partial<Record<string, number>>) => ({
  droppingPointId: id,
  name: `Titik ${id}`,
  lostKg: 0,
  surplusKg: 0,
  surplusReturnedKg: 0,
  surplusSettledKg: 0,
  surplusOpenKg: 0,
  ...figures,
});

describe('stockOf', () => {
  it('adds lost and surplus stock per purchase order and for the wave, the rupiah from the invoices', () => {
    const stock = stockOf([
      {
        document: {
          id: 'po1',
          number: 'PO-1',
          cooperative: { name: 'Koperasi Tani Mulus' },
          deliveries: [point('a', { lostKg: 10 }), point('b', { surplusKg: 5, surplusSettledKg: 5 })],
        },
        invoice: {
          droppingPoints: [
            { droppingPointId: 'a', transportLossRp: 110_000, surplusSettledRp: 0 },
            { droppingPointId: 'b', transportLossRp: 0, surplusSettledRp: 70_000 },
          ],
        },
      },
      {
        document: {
          id: 'po2',
          number: 'PO-2',
          cooperative: { name: 'Koperasi Gula Rakyat' },
          deliveries: [point('a', { surplusKg: 2, surplusOpenKg: 2 })],
        },
        invoice: { droppingPoints: [] },
      },
    ] as never);
    expect(stock).toMatchObject({
      lostKg: 10,
      lostRp: 110_000,
      surplusKg: 7,
      surplusSettledKg: 5,
      surplusOpenKg: 2,
      surplusSettledRp: 70_000,
    });
    expect(stock.byPurchaseOrder.map((po) => [po.number, po.lostKg, po.surplusKg, po.byDroppingPoint.length])).toEqual([
      ['PO-1', 10, 5, 2],
      ['PO-2', 0, 2, 1],
    ]);
    expect(stock.byPurchaseOrder[1].byDroppingPoint[0]).toMatchObject({ lostRp: 0, surplusSettledRp: 0 });
  });

  it('is all zeros without purchase orders', () => {
    expect(stockOf([])).toEqual({
      lostKg: 0,
      lostRp: 0,
      surplusKg: 0,
      surplusReturnedKg: 0,
      surplusSettledKg: 0,
      surplusOpenKg: 0,
      surplusSettledRp: 0,
      byPurchaseOrder: [],
    });
  });
});
