import { ApiProperty } from '@nestjs/swagger';
import { OrderStatus } from '../../orders/order-status.enum';

export class OrderVoucherVoucher {
  @ApiProperty()
  code: string;

  @ApiProperty()
  programme: string;

  @ApiProperty()
  faceValueRp: number;

  @ApiProperty()
  amountRp: number;

  @ApiProperty()
  paidAll: boolean;
}

export class OrderVoucherResponse {
  @ApiProperty()
  orderId: string;

  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  orderStatus: OrderStatus;

  @ApiProperty()
  totalRp: number;

  @ApiProperty({ type: () => OrderVoucherVoucher, nullable: true })
  voucher: OrderVoucherVoucher | null;

  @ApiProperty()
  dueRp: number;

  @ApiProperty()
  voucherBackRp: number;
}
