import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';

export class CashCustodyReconciliation {
  @ApiProperty()
  paidOrders: number;

  @ApiProperty()
  paidOrdersRp: number;

  @ApiProperty()
  refundDueOrders: number;

  @ApiProperty()
  refundDueRp: number;

  @ApiProperty()
  refundPaidRp: number;

  @ApiProperty()
  standingPaymentsRp: number;

  @ApiProperty()
  unpaidOrders: number;

  @ApiProperty()
  unpaidRp: number;

  @ApiProperty()
  balanced: boolean;
}

export class CashHandedOverTotals {
  @ApiProperty()
  pendingRp: number;

  @ApiProperty()
  confirmedRp: number;
}

export class RefundsPaidOutTotals {
  @ApiProperty()
  refunds: number;

  @ApiProperty()
  amountRp: number;
}

export class CashCollected {
  @ApiProperty()
  CASH: number;

  @ApiProperty()
  TRANSFER: number;

  @ApiProperty()
  QRIS: number;

  @ApiProperty()
  VOUCHER: number;

  @ApiProperty()
  totalRp: number;

  @ApiProperty()
  payments: number;
}

export class CashCustodyOfficer {
  @ApiProperty({ type: () => CashHandedOverTotals })
  cashHandedOver: CashHandedOverTotals;

  @ApiProperty({ type: () => RefundsPaidOutTotals })
  refundsPaidOut: RefundsPaidOutTotals;

  @ApiProperty()
  cashHeldRp: number;

  @ApiProperty()
  userId: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  role: string;

  @ApiProperty({ type: () => CashCollected })
  collected: CashCollected;
}

/** The officers' figures summed, refunds paid out as rupiah only. */
export class CashCustodyTotals extends PickType(CashCustodyOfficer, ['collected', 'cashHandedOver', 'cashHeldRp'] as const) {
  @ApiProperty()
  refundsPaidOutRp: number;
}

export class CashCustodyResponse {
  @ApiPropertyOptional({ type: () => CashCustodyReconciliation })
  reconciliation?: CashCustodyReconciliation;

  @ApiProperty()
  waveId: string;

  @ApiProperty({ type: () => [CashCustodyOfficer] })
  officers: CashCustodyOfficer[];

  @ApiProperty({ type: () => CashCustodyTotals })
  totals: CashCustodyTotals;
}
