import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrderStatus } from '../../orders/order-status.enum';
import { PaymentMethod } from '../payment.entity';

export class DeskOrderBuyer {
  @ApiProperty()
  id: string;

  @ApiProperty()
  nip: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  agency: string;

  @ApiProperty()
  phone: string;
}

export class DeskOrderItem {
  @ApiProperty()
  packId: string;

  @ApiProperty()
  productName: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  quantity: number;
}

/** The standing (not reversed) payment of the order. */
export class DeskOrderPayment {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: PaymentMethod, enumName: 'PaymentMethod' })
  method: string;

  @ApiProperty()
  amountRp: number;

  @ApiProperty({ type: String, nullable: true })
  reference: string | null;

  @ApiProperty()
  receivedAt: string;

  @ApiProperty({ description: 'The username of the officer who took it' })
  receivedBy: string;
}

export class DeskOrderHandover {
  @ApiProperty()
  handedOverAt: string;

  @ApiProperty({ description: 'The username of the officer who handed the goods over' })
  handedOverBy: string;
}

export class GoodsPackLine {
  @ApiProperty()
  packId: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  quantity: number;

  @ApiPropertyOptional()
  productName?: string;
}

export class GoodsProgressResponse {
  @ApiProperty()
  state: string;

  @ApiProperty({ type: () => [GoodsPackLine] })
  handedOverPacks: GoodsPackLine[];

  @ApiProperty()
  handedOverKg: number;

  @ApiProperty({ type: () => [GoodsPackLine] })
  owedPacks: GoodsPackLine[];

  @ApiProperty()
  owedKg: number;
}

export class DeskOrderRefund {
  @ApiProperty()
  owedRp: number;

  @ApiProperty()
  paidRp: number;
}

export class DeskOrderResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  waveId: string;

  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  pickupCode: string;

  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  status: OrderStatus;

  @ApiProperty({ enum: ['unpaid', 'paid', 'refund_due', 'refunded', 'cancelled'] })
  paymentStatus: 'unpaid' | 'paid' | 'refund_due' | 'refunded' | 'cancelled';

  @ApiProperty({ enum: ['cancelled', 'pending', 'partial', 'handed_over'] })
  handoverStatus: 'cancelled' | 'pending' | 'partial' | 'handed_over';

  @ApiProperty()
  fulfilment: string;

  @ApiProperty({ type: String, nullable: true })
  deliveryAddress: string | null;

  @ApiProperty()
  totalKg: number;

  @ApiProperty()
  totalRp: number;

  @ApiProperty()
  voucherRp: number;

  @ApiProperty()
  dueRp: number;

  @ApiProperty({ type: () => DeskOrderBuyer })
  buyer: DeskOrderBuyer;

  @ApiProperty({ type: () => [DeskOrderItem] })
  items: DeskOrderItem[];

  @ApiProperty({ type: () => DeskOrderPayment, nullable: true })
  payment: DeskOrderPayment | null;

  @ApiProperty({ type: () => DeskOrderHandover, nullable: true })
  handover: DeskOrderHandover | null;

  @ApiProperty({ type: () => GoodsProgressResponse })
  goods: GoodsProgressResponse;

  @ApiProperty({ type: () => DeskOrderRefund })
  refund: DeskOrderRefund;

  @ApiProperty({ type: String, nullable: true })
  cancelReason: string | null;

  @ApiProperty()
  placedAt: string;

  @ApiProperty({ type: String, nullable: true })
  cancelledAt: string | null;
}
