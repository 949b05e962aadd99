import { ApiProperty } from '@nestjs/swagger';

export class QrisReconciliationResponse {
  @ApiProperty()
  waveId: string;

  @ApiProperty()
  gatewayPayments: number;

  @ApiProperty()
  gatewaySettledRp: number;

  @ApiProperty()
  paidOrdersRp: number;

  @ApiProperty()
  cancelledAfterPaymentRp: number;

  @ApiProperty()
  reversedRp: number;

  @ApiProperty()
  refundsRaisedRp: number;

  @ApiProperty()
  refundsOwedRp: number;

  @ApiProperty()
  refundsSettledRp: number;

  @ApiProperty()
  recordedRp: number;

  @ApiProperty()
  balanced: boolean;
}
