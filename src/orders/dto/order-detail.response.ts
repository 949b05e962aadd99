import { ApiProperty, PickType } from '@nestjs/swagger';
import { GoodsProgressResponse } from '../../desk/dto/desk-order.response';
import { PaymentView } from '../../desk/payment.view';
import { OrderView } from '../order.view';

export class OrderMoneyPayment extends PickType(PaymentView, [
  'method',
  'amountRp',
  'reference',
  'receivedAt',
  'reversed',
  'reversedAt',
  'reversalReason',
] as const) {}

export class OrderMoneyRefund {
  @ApiProperty({ enum: ['order_cancelled', 'shortfall', 'payment_reversed', 'qris_refund'] })
  kind: 'order_cancelled' | 'shortfall' | 'payment_reversed' | 'qris_refund';

  @ApiProperty()
  amountRp: number;

  @ApiProperty({ enum: ['paid', 'owed'] })
  status: 'paid' | 'owed';

  @ApiProperty({ type: String, nullable: true })
  paidAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ type: String, nullable: true })
  reference: string | null;
}

export class OrderMoneyResponse {
  @ApiProperty()
  totalRp: number;

  @ApiProperty()
  voucherRp: number;

  @ApiProperty()
  paidRp: number;

  @ApiProperty()
  dueRp: number;

  @ApiProperty({ type: () => [OrderMoneyPayment] })
  payments: OrderMoneyPayment[];

  @ApiProperty({ type: () => [OrderMoneyRefund] })
  refunds: OrderMoneyRefund[];

  @ApiProperty()
  refundOwedRp: number;

  @ApiProperty()
  refundPaidRp: number;
}

export class OrderDetailResponse extends OrderView {
  @ApiProperty({ type: () => OrderMoneyResponse })
  money: OrderMoneyResponse;

  @ApiProperty({ type: () => GoodsProgressResponse })
  goods: GoodsProgressResponse;
}
