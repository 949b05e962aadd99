import { ApiProperty, PickType } from '@nestjs/swagger';
import { CourierFeesPoint } from '../../delivery/dto/courier-fees.response';
import { CashCustodyOfficer } from '../../desk/dto/cash-custody.response';
import { WavePaymentsByMethodResponse } from '../../vouchers/dto/wave-payments.response';
import { WaveStatus } from '../../waves/wave-status.enum';
import { WaveView } from '../../waves/wave.view';

export class ReportFigures {
  @ApiProperty()
  orders: number;

  @ApiProperty()
  buyers: number;

  @ApiProperty()
  ordersDelivered: number;

  @ApiProperty()
  ordersCancelled: number;

  @ApiProperty()
  ordersReduced: number;

  @ApiProperty()
  orderedKg: number;

  @ApiProperty()
  orderedTonnes: number;

  @ApiProperty()
  orderedRp: number;

  @ApiProperty()
  deliveredKg: number;

  @ApiProperty()
  deliveredTonnes: number;

  @ApiProperty()
  deliveredRp: number;

  @ApiProperty()
  cancelledKg: number;

  @ApiProperty()
  cancelledTonnes: number;

  @ApiProperty()
  cancelledRp: number;

  @ApiProperty()
  outstandingKg: number;

  @ApiProperty()
  outstandingRp: number;

  @ApiProperty({ type: Number, nullable: true })
  fulfilmentRate: number | null;

  @ApiProperty({ type: Number, nullable: true })
  cancellationRate: number | null;

  @ApiProperty()
  ordersPaid: number;

  @ApiProperty()
  paidRp: number;

  @ApiProperty()
  ordersUnpaid: number;

  @ApiProperty()
  unpaidRp: number;

  @ApiProperty()
  ordersHandedOver: number;

  @ApiProperty()
  ordersDeliveredHome: number;

  @ApiProperty()
  ordersNoShow: number;
}

export class WavesReportByWave extends ReportFigures {
  @ApiProperty()
  name: string;

  @ApiProperty({ enum: WaveStatus, enumName: 'WaveStatus' })
  status: WaveStatus;

  @ApiProperty()
  closesAt: string;

  @ApiProperty()
  handOutDate: string;

  @ApiProperty()
  waveId: string;
}

export class WavesReportByCooperative extends ReportFigures {
  @ApiProperty()
  cooperativeId: string;

  @ApiProperty()
  name: string;
}

export class WavesReportByAgency extends ReportFigures {
  @ApiProperty()
  agency: string;
}

export class WavesReportByDroppingPoint extends ReportFigures {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;
}

/** The figures of a report of one wave or many: in all, and per cooperative, agency and dropping point. */
export class ReportFiguresResponse {
  @ApiProperty()
  generatedAt: string;

  @ApiProperty({ type: () => ReportFigures })
  totals: ReportFigures;

  @ApiProperty({ type: () => [WavesReportByCooperative] })
  byCooperative: WavesReportByCooperative[];

  @ApiProperty({ type: () => [WavesReportByAgency] })
  byAgency: WavesReportByAgency[];

  @ApiProperty({ type: () => [WavesReportByDroppingPoint] })
  byDroppingPoint: WavesReportByDroppingPoint[];
}

export class WavesReportResponse extends ReportFiguresResponse {
  @ApiProperty({ type: String, nullable: true })
  from: string | null;

  @ApiProperty({ type: String, nullable: true })
  to: string | null;

  @ApiProperty({ type: () => [WavesReportByWave] })
  byWave: WavesReportByWave[];
}

/** The vouchers module's payments by method, the paid rupiah as totalRp. */
export class WaveReportPayments extends PickType(WavePaymentsByMethodResponse, [
  'paidOrders',
  'paidOrdersRp',
  'cashRp',
  'transferRp',
  'qrisRp',
  'voucherRp',
  'balanced',
] as const) {
  @ApiProperty()
  totalRp: number;
}

export class WaveReportRefundsPaid {
  @ApiProperty()
  deskRp: number;

  @ApiProperty()
  qrisRp: number;

  @ApiProperty()
  totalRp: number;
}

export class WaveReportRefundsOwed extends WaveReportRefundsPaid {
  @ApiProperty()
  orders: number;
}

export class WaveReportCourierFees {
  @ApiProperty()
  trips: number;

  @ApiProperty()
  totalRp: number;

  @ApiProperty({ type: () => [CourierFeesPoint] })
  byDroppingPoint: CourierFeesPoint[];
}

/** Stock lost in transport or left over at the points (StockFigures), of a point, a purchase order or the wave. */
export class WaveReportStockFigures {
  @ApiProperty()
  lostKg: number;

  @ApiProperty()
  lostRp: number;

  @ApiProperty()
  surplusKg: number;

  @ApiProperty()
  surplusReturnedKg: number;

  @ApiProperty()
  surplusSettledKg: number;

  @ApiProperty()
  surplusOpenKg: number;

  @ApiProperty()
  surplusSettledRp: number;
}

export class WaveReportStockByPurchaseOrderByDroppingPoint extends WaveReportStockFigures {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;
}

export class WaveReportStockByPurchaseOrder extends WaveReportStockFigures {
  @ApiProperty({ type: () => [WaveReportStockByPurchaseOrderByDroppingPoint] })
  byDroppingPoint: WaveReportStockByPurchaseOrderByDroppingPoint[];

  @ApiProperty()
  purchaseOrderId: string;

  @ApiProperty()
  number: string;

  @ApiProperty()
  cooperativeName: string;
}

export class WaveReportStock extends WaveReportStockFigures {
  @ApiProperty({ type: () => [WaveReportStockByPurchaseOrder] })
  byPurchaseOrder: WaveReportStockByPurchaseOrder[];
}

/** The desk's custody of one officer, its collected and handed-over money flattened. */
export class WaveReportCashCustodyOfficer extends PickType(CashCustodyOfficer, ['userId', 'username', 'role', 'cashHeldRp'] as const) {
  @ApiProperty()
  payments: number;

  @ApiProperty()
  cashRp: number;

  @ApiProperty()
  transferRp: number;

  @ApiProperty()
  qrisRp: number;

  @ApiProperty()
  handedOverPendingRp: number;

  @ApiProperty()
  handedOverConfirmedRp: number;

  @ApiProperty()
  refundsPaidOutRp: number;
}

export class WaveReportCashCustody {
  @ApiProperty({ type: () => [WaveReportCashCustodyOfficer] })
  officers: WaveReportCashCustodyOfficer[];

  @ApiProperty()
  cashHeldRp: number;

  @ApiProperty({ type: Boolean, nullable: true })
  balanced: boolean | null;
}

export class WaveReportWave extends PickType(WaveView, ['id', 'name', 'status', 'opensAt', 'closesAt', 'handOutDate'] as const) {}

export class WaveReportPurchaseOrder {
  @ApiProperty()
  id: string;

  @ApiProperty()
  number: string;

  @ApiProperty()
  cooperativeId: string;

  @ApiProperty()
  cooperativeName: string;

  @ApiProperty()
  status: string;

  @ApiProperty()
  orderedKg: number;

  @ApiProperty()
  orderedRp: number;

  @ApiProperty()
  shortfallCutKg: number;

  @ApiProperty({ type: String, nullable: true })
  confirmedAt: string | null;
}

/** What happened to the wave and when (published, opened, closed, purchase orders made, ...). */
export class WaveReportEvent {
  @ApiProperty()
  event: string;

  @ApiProperty()
  at: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
}

export class WaveReportResponse extends ReportFiguresResponse {
  @ApiProperty({ type: () => WaveReportPayments })
  payments: WaveReportPayments;

  @ApiProperty({ type: () => WaveReportRefundsOwed })
  refundsOwed: WaveReportRefundsOwed;

  @ApiProperty({ type: () => WaveReportRefundsPaid })
  refundsPaid: WaveReportRefundsPaid;

  @ApiProperty({ type: () => WaveReportCourierFees })
  courierFees: WaveReportCourierFees;

  @ApiProperty({ type: () => WaveReportStock })
  stock: WaveReportStock;

  @ApiProperty({ type: () => WaveReportCashCustody })
  cashCustody: WaveReportCashCustody;

  @ApiProperty({ type: () => [WaveReportPurchaseOrder] })
  purchaseOrders: WaveReportPurchaseOrder[];

  @ApiProperty({ type: () => [WaveReportEvent] })
  timeline: WaveReportEvent[];

  @ApiProperty({ type: () => WaveReportWave })
  wave: WaveReportWave;
}
