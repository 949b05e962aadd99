import { toWib } from '../common/time';
import type { Order } from './order.entity';

export function orderView(order: Order) {
  return {
    id: order.id,
    waveId: order.waveId,
    buyerId: order.buyerId,
    droppingPointId: order.droppingPointId,
    pickupCode: order.pickupCode,
    status: order.status,
    fulfilment: order.fulfilment,
    deliveryAddress: order.deliveryAddress,
    deliveryLatitude: order.deliveryLatitude,
    deliveryLongitude: order.deliveryLongitude,
    totalKg: order.totalKg,
    totalRp: order.totalRp,
    items: [...(order.items ?? [])]
      .sort((a, b) => a.sizeKg - b.sizeKg)
      .map((item) => ({
        packId: item.wavePackId,
        waveProductId: item.waveProductId,
        sizeKg: item.sizeKg,
        quantity: item.quantity,
        unitPriceRp: item.unitPriceRp,
        kg: item.kg,
        amountRp: item.amountRp,
      })),
    cancelReason: order.cancelReason,
    placedAt: toWib(order.placedAt),
    cancelledAt: toWib(order.cancelledAt),
  };
}
