import { ApiProperty, PickType } from '@nestjs/swagger';
import { PurchaseOrderDocumentResponse } from './purchase-order.response';

/** The rupiah (and billed kg) of a set of packs, as invoiceOf reckons them for a line, a point and the whole invoice. */
export class InvoiceMoney {
  @ApiProperty()
  orderedRp: number;

  @ApiProperty()
  shortfallRp: number;

  @ApiProperty()
  cancelledRp: number;

  @ApiProperty()
  shortShippedRp: number;

  @ApiProperty()
  transportLossRp: number;

  @ApiProperty()
  notYetReceivedRp: number;

  @ApiProperty()
  billedKg: number;

  @ApiProperty()
  surplusSettledRp: number;

  @ApiProperty()
  amountRp: number;
}

export class InvoiceLine extends InvoiceMoney {
  @ApiProperty()
  orderedPacks: number;

  @ApiProperty()
  shortfallPacks: number;

  @ApiProperty()
  cancelledPacks: number;

  @ApiProperty()
  shortShippedPacks: number;

  @ApiProperty()
  transportLossPacks: number;

  @ApiProperty()
  notYetReceivedPacks: number;

  @ApiProperty()
  billedPacks: number;

  @ApiProperty()
  surplusSettledPacks: number;

  @ApiProperty()
  productId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  pricePerKgRp: number;

  @ApiProperty()
  priceRp: number;
}

export class InvoiceDroppingPoint extends InvoiceMoney {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['in_transit', 'received', 'not_shipped'] })
  deliveryStatus: 'in_transit' | 'received' | 'not_shipped';
}

export class InvoiceTotals extends InvoiceMoney {
  @ApiProperty()
  billedTonnes: number;
}

/** What the programme owes the cooperative for the purchase order's wave (invoiceOf). */
export class InvoiceResponse extends PickType(PurchaseOrderDocumentResponse, ['cooperative', 'wave'] as const) {
  @ApiProperty()
  purchaseOrderId: string;

  @ApiProperty()
  number: string;

  @ApiProperty()
  purchaseOrderNumber: string;

  @ApiProperty()
  status: string;

  @ApiProperty({ type: () => [InvoiceLine] })
  lines: InvoiceLine[];

  @ApiProperty({ type: () => [InvoiceDroppingPoint] })
  droppingPoints: InvoiceDroppingPoint[];

  @ApiProperty({ type: () => InvoiceTotals })
  totals: InvoiceTotals;

  @ApiProperty()
  amountDueRp: number;
}
