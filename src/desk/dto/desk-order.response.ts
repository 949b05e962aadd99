import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { BuyerView } from '../../buyers/buyer.view';
import { OrderView } from '../../orders/order.view';
import { PaymentView } from '../payment.view';

export class DeskOrderBuyer extends PickType(BuyerView, ['id', 'nip', 'name', 'agency', 'phone'] as const) {}

/** A wave pack as the desk names it. */
export class DeskPack {
  @ApiProperty()
  packId: string;

  @ApiProperty()
  productName: string;

  @ApiProperty()
  sizeKg: number;
}

export class DeskOrderItem extends DeskPack {
  @ApiProperty()
  quantity: number;
}

/** The standing (not reversed) payment of the order. */
export class DeskOrderPayment extends PickType(PaymentView, ['id', 'method', 'amountRp', 'reference', 'receivedAt'] as const) {
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

/** An order as the desk shows it: the buyer, the packs, the standing payment, the hand-over and the money owed back. */
export class DeskOrderResponse extends PickType(OrderView, [
  'id',
  'waveId',
  'droppingPointId',
  'pickupCode',
  'status',
  'deliveryAddress',
  'totalKg',
  'totalRp',
  'placedAt',
  'cancelledAt',
] as const) {
  @ApiProperty({ enum: ['unpaid', 'paid', 'refund_due', 'refunded', 'cancelled'] })
  paymentStatus: 'unpaid' | 'paid' | 'refund_due' | 'refunded' | 'cancelled';

  @ApiProperty({ enum: ['cancelled', 'pending', 'partial', 'handed_over'] })
  handoverStatus: 'cancelled' | 'pending' | 'partial' | 'handed_over';

  @ApiProperty()
  fulfilment: string;

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
}
