import { ApiProperty } from '@nestjs/swagger';
import { GoodsProgressResponse } from '../../desk/dto/desk-order.response';
import { PaymentMethod } from '../../desk/payment.entity';
import { OrderView } from '../order.view';

export class OrderMoneyPayment {
  @ApiProperty({ enum: PaymentMethod, enumName: 'PaymentMethod' })
  method: PaymentMethod;

  @ApiProperty()
  amountRp: number;

  @ApiProperty({ type: String, nullable: true })
  reference: string | null;

  @ApiProperty()
  receivedAt: string;

  @ApiProperty()
  reversed: boolean;

  @ApiProperty({ type: String, nullable: true })
  reversedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  reversalReason: string | null;
}

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
