import { ApiProperty } from '@nestjs/swagger';
import { OrderStatus } from '../../orders/order-status.enum';
import { TripView } from '../delivery.view';

export class OrderDeliveryResponse {
  @ApiProperty()
  orderId: string;

  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  orderStatus: OrderStatus;

  @ApiProperty()
  parts: number;

  @ApiProperty()
  partsDelivered: number;

  @ApiProperty()
  deliveredKg: number;

  @ApiProperty()
  partlyDelivered: boolean;

  @ApiProperty({ type: String, nullable: true })
  deliveryAddress: string | null;

  @ApiProperty()
  totalKg: number;

  @ApiProperty({ type: () => [TripView] })
  trips: TripView[];

  @ApiProperty({ type: 'array', items: { type: 'string', nullable: true } })
  trackingUrls: (string | null)[];
}
