import { ApiProperty } from '@nestjs/swagger';

export class RefundBuyer {
  @ApiProperty()
  name: string;

  @ApiProperty()
  nip: string;
}

export class RefundResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  orderId: string;

  @ApiProperty()
  waveId: string;

  @ApiProperty()
  pickupCode: string;

  @ApiProperty({ type: () => RefundBuyer })
  buyer: RefundBuyer;

  @ApiProperty()
  amountRp: number;

  @ApiProperty()
  reason: string;

  @ApiProperty()
  gatewayPaymentId: string;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  settled: boolean;

  @ApiProperty({ type: String, nullable: true })
  settledAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  settledBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  settlementReference: string | null;
}
