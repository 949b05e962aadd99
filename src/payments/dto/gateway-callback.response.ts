import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GatewayPaymentOutcome } from '../gateway-payment.entity';
import { RefundReason } from '../refund.entity';

/** The answer to the gateway: a callback that is not a QR payment is only acknowledged (ignored); a payment says what became of it. */
export class GatewayCallbackResponse {
  @ApiProperty()
  received: boolean;

  @ApiPropertyOptional({ description: 'true when the callback is not a QR payment' })
  ignored?: boolean;

  @ApiPropertyOptional()
  gatewayPaymentId?: string;

  @ApiPropertyOptional()
  orderId?: string;

  @ApiPropertyOptional()
  duplicate?: boolean;

  @ApiPropertyOptional({ enum: GatewayPaymentOutcome, enumName: 'GatewayPaymentOutcome' })
  outcome?: GatewayPaymentOutcome;

  @ApiPropertyOptional({ enum: RefundReason, enumName: 'RefundReason', nullable: true })
  refundReason?: RefundReason | null;
}
