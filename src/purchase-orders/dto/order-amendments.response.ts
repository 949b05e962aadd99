import { ApiProperty } from '@nestjs/swagger';
import { CancelReason, OrderStatus } from '../../orders/order-status.enum';

export class OrderAmendmentsAmendment {
  @ApiProperty()
  reason: string;

  @ApiProperty()
  explanation: string;

  @ApiProperty()
  purchaseOrderNumber: string;

  @ApiProperty()
  productId: string;

  @ApiProperty()
  productName: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  packsBefore: number;

  @ApiProperty()
  packsCut: number;

  @ApiProperty()
  kgCut: number;

  @ApiProperty()
  amountRpCut: number;

  @ApiProperty()
  refundDueRp: number;

  @ApiProperty()
  voucherBackRp: number;

  @ApiProperty()
  orderCancelled: boolean;

  @ApiProperty()
  at: string;
}

export class OrderAmendmentsResponse {
  @ApiProperty()
  orderId: string;

  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  status: OrderStatus;

  @ApiProperty({ enum: CancelReason, enumName: 'CancelReason', nullable: true })
  cancelReason: CancelReason | null;

  @ApiProperty()
  totalKg: number;

  @ApiProperty()
  totalRp: number;

  @ApiProperty({ type: () => [OrderAmendmentsAmendment] })
  amendments: OrderAmendmentsAmendment[];
}
