import { ApiProperty } from '@nestjs/swagger';
import { toWib } from '../common/time';
import { CancelReason, Fulfilment, OrderStatus } from './order-status.enum';
import type { Order } from './order.entity';

export class OrderItemView {
  @ApiProperty()
  packId: string;

  @ApiProperty()
  waveProductId: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  quantity: number;

  @ApiProperty()
  unitPriceRp: number;

  @ApiProperty()
  kg: number;

  @ApiProperty()
  amountRp: number;
}

export class OrderView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  waveId: string;

  @ApiProperty()
  buyerId: string;

  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  pickupCode: string;

  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  status: OrderStatus;

  @ApiProperty({ enum: Fulfilment, enumName: 'Fulfilment' })
  fulfilment: Fulfilment;

  @ApiProperty({ type: String, nullable: true })
  deliveryAddress: string | null;

  @ApiProperty({ type: Number, nullable: true })
  deliveryLatitude: number | null;

  @ApiProperty({ type: Number, nullable: true })
  deliveryLongitude: number | null;

  @ApiProperty()
  totalKg: number;

  @ApiProperty()
  totalRp: number;

  @ApiProperty({ type: () => [OrderItemView] })
  items: OrderItemView[];

  @ApiProperty({ enum: CancelReason, enumName: 'CancelReason', nullable: true })
  cancelReason: CancelReason | null;

  @ApiProperty()
  placedAt: string;

  @ApiProperty({ type: String, nullable: true })
  cancelledAt: string | null;
}

export function orderView(order: Order): OrderView {
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
