import { ApiProperty } from '@nestjs/swagger';
import { OrderStatus } from '../../orders/order-status.enum';
import { IntentStatus } from '../payment-intent.entity';

export class QrisIntent {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: IntentStatus, enumName: 'IntentStatus' })
  status: IntentStatus;

  @ApiProperty()
  amountRp: number;

  @ApiProperty({ type: String, nullable: true })
  qrString: string | null;

  @ApiProperty()
  expiresAt: string;

  @ApiProperty()
  expired: boolean;
}

export class QrisStateResponse {
  @ApiProperty()
  orderId: string;

  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  orderStatus: OrderStatus;

  @ApiProperty()
  paid: boolean;

  @ApiProperty({ type: () => QrisIntent, nullable: true, description: 'The latest QRIS code; null (GET only) when none was asked for yet' })
  intent: QrisIntent | null;
}
