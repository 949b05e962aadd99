import type { ShownPurchaseOrder } from '../purchase-orders/purchase-orders.service';
import type { Invoice } from '../purchase-orders/purchase-order-invoice';

/** What reached the points against what was shipped, in kg, and the rupiah of it. */
export interface StockFigures {
  lostKg: number;
  lostRp: number;
  surplusKg: number;
  surplusReturnedKg: number;
  surplusSettledKg: number;
  surplusOpenKg: number;
  surplusSettledRp: number;
}

const ZERO: StockFigures = {
  lostKg: 0,
  lostRp: 0,
  surplusKg: 0,
  surplusReturnedKg: 0,
  surplusSettledKg: 0,
  surplusOpenKg: 0,
  surplusSettledRp: 0,
};

function add(sum: StockFigures, figures: StockFigures): StockFigures {
  const out = { ...sum };
  for (const field of Object.keys(ZERO) as (keyof StockFigures)[]) out[field] += figures[field];
  return out;
}

/**
 * Lost and surplus stock of the wave from its purchase orders (the goods receipts at the points
 * against the shipments, as the purchase-order module reads them) and their invoices (the rupiah:
 * transport losses at the wave's prices, surplus the programme settled): per purchase order and
 * point, and for the wave.
 */
export function stockOf(purchaseOrders: { document: ShownPurchaseOrder; invoice: Invoice }[]) {
  const byPurchaseOrder = purchaseOrders.map(({ document, invoice }) => {
    const byDroppingPoint = document.deliveries.map((delivery) => {
      const billed = invoice.droppingPoints.find((point) => point.droppingPointId === delivery.droppingPointId);
      return {
        droppingPointId: delivery.droppingPointId,
        name: delivery.name,
        lostKg: delivery.lostKg,
        lostRp: billed?.transportLossRp ?? 0,
        surplusKg: delivery.surplusKg,
        surplusReturnedKg: delivery.surplusReturnedKg,
        surplusSettledKg: delivery.surplusSettledKg,
        surplusOpenKg: delivery.surplusOpenKg,
        surplusSettledRp: billed?.surplusSettledRp ?? 0,
      };
    });
    return {
      purchaseOrderId: document.id,
      number: document.number,
      cooperativeName: document.cooperative.name,
      ...byDroppingPoint.reduce(add, ZERO),
      byDroppingPoint,
    };
  });
  return { ...byPurchaseOrder.reduce(add, ZERO), byPurchaseOrder };
}
