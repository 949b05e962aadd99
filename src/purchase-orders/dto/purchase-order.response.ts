import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { CooperativeView } from '../../cooperatives/cooperative.view';
import { WaveView } from '../../waves/wave.view';

export class PurchaseOrderWave extends PickType(WaveView, [
  'id',
  'name',
  'status',
  'closesAt',
  'handOutDate',
  'paymentDeadline',
] as const) {}

export class PurchaseOrderCooperative extends PickType(CooperativeView, ['id', 'name', 'region', 'phone'] as const) {}

/** Packs of one product and size. */
export class PurchaseOrderPacks {
  @ApiProperty()
  productId: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;
}

/** Packs of one product and size, with the product's name. */
export class PurchaseOrderNamedPacks extends PurchaseOrderPacks {
  @ApiProperty()
  name: string;
}

export class PurchaseOrderOrderedProductPack extends OmitType(PurchaseOrderPacks, ['productId'] as const) {
  @ApiProperty()
  priceRp: number;
}

export class PurchaseOrderOrderedProduct {
  @ApiProperty()
  productId: string;

  @ApiProperty()
  waveProductId: string;

  @ApiProperty()
  commodity: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  pricePerKgRp: number;

  @ApiProperty()
  kg: number;

  @ApiProperty()
  tonnes: number;

  @ApiProperty()
  valueRp: number;

  @ApiProperty({ type: () => [PurchaseOrderOrderedProductPack] })
  packs: PurchaseOrderOrderedProductPack[];
}

export class PurchaseOrderOrderedDroppingPointPack extends PurchaseOrderPacks {
  @ApiProperty()
  priceRp: number;
}

/** A dropping point the purchase order delivers to (PointInfo). */
export class PurchaseOrderPoint {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  address: string;
}

export class PurchaseOrderOrderedDroppingPoint extends PurchaseOrderPoint {
  @ApiProperty()
  kg: number;

  @ApiProperty()
  tonnes: number;

  @ApiProperty()
  valueRp: number;

  @ApiProperty({ type: () => [PurchaseOrderOrderedDroppingPointPack] })
  packs: PurchaseOrderOrderedDroppingPointPack[];
}

/** A breakdown of quantities: in all, per product and per dropping point (what is left to deliver). */
export class PurchaseOrderBreakdown {
  @ApiProperty()
  totalKg: number;

  @ApiProperty()
  totalTonnes: number;

  @ApiProperty()
  totalRp: number;

  @ApiProperty({ type: () => [PurchaseOrderOrderedProduct] })
  products: PurchaseOrderOrderedProduct[];

  @ApiProperty({ type: () => [PurchaseOrderOrderedDroppingPoint] })
  droppingPoints: PurchaseOrderOrderedDroppingPoint[];
}

/** The breakdown of the stored snapshot, with how many orders and buyers it was made of. */
export class PurchaseOrderOrdered extends PurchaseOrderBreakdown {
  @ApiProperty()
  ordersCount: number;

  @ApiProperty()
  buyersCount: number;
}

export class PurchaseOrderAmendmentLine extends PurchaseOrderPacks {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  valueRp: number;
}

export class PurchaseOrderAmendment {
  @ApiProperty()
  kg: number;

  @ApiProperty()
  valueRp: number;

  @ApiProperty({ type: () => [PurchaseOrderAmendmentLine] })
  lines: PurchaseOrderAmendmentLine[];

  @ApiPropertyOptional()
  ordersCancelled?: number;

  @ApiPropertyOptional()
  refundDueRp?: number;

  @ApiPropertyOptional()
  voucherBackRp?: number;

  @ApiProperty()
  reason: string;

  @ApiProperty({ type: Number, nullable: true })
  orders: number | null;
}

export class PurchaseOrderShipmentManifest extends PurchaseOrderNamedPacks {
  @ApiProperty()
  duePacks: number;
}

export class PurchaseOrderShipmentShortfall {
  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;

  @ApiProperty({ type: () => [PurchaseOrderPacks] })
  lines: PurchaseOrderPacks[];
}

export class PurchaseOrderShipment extends PurchaseOrderPoint {
  @ApiProperty()
  status: string;

  @ApiProperty()
  kgToDeliver: number;

  @ApiProperty({ type: String, nullable: true })
  shippedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  shippedBy: string | null;

  @ApiProperty({ type: Number, nullable: true })
  shippedKg: number | null;

  @ApiProperty({ type: String, nullable: true })
  vehicle: string | null;

  @ApiProperty({ type: String, nullable: true })
  driver: string | null;

  @ApiProperty({ type: () => [PurchaseOrderShipmentManifest], nullable: true })
  manifest: PurchaseOrderShipmentManifest[] | null;

  @ApiProperty({ type: () => PurchaseOrderShipmentShortfall, nullable: true })
  shortfall: PurchaseOrderShipmentShortfall | null;
}

export class PurchaseOrderShortfallPerPointLine extends PurchaseOrderNamedPacks {
  @ApiProperty()
  cutPacks: number;

  @ApiProperty()
  shortShippedPacks: number;

  @ApiProperty()
  valueRp: number;
}

export class PurchaseOrderShortfallPerPoint {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  cutKg: number;

  @ApiProperty()
  shortShippedKg: number;

  @ApiProperty()
  kg: number;

  @ApiProperty()
  tonnes: number;

  @ApiProperty()
  valueRp: number;

  @ApiProperty({ type: () => [PurchaseOrderShortfallPerPointLine] })
  lines: PurchaseOrderShortfallPerPointLine[];
}

export class PurchaseOrderDeliveryReceipt {
  @ApiProperty()
  id: string;

  @ApiProperty({ type: String, nullable: true })
  receivedAt: string | null;

  @ApiProperty()
  receivedBy: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: () => [PurchaseOrderNamedPacks] })
  packs: PurchaseOrderNamedPacks[];
}

export class PurchaseOrderDeliveryLine {
  @ApiProperty()
  productId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty({ type: Number, nullable: true })
  shippedPacks: number | null;

  @ApiProperty()
  receivedPacks: number;

  @ApiProperty()
  lostPacks: number;

  @ApiProperty()
  surplusPacks: number;

  @ApiProperty()
  surplusReturnedPacks: number;

  @ApiProperty()
  surplusSettledPacks: number;

  @ApiProperty()
  surplusOpenPacks: number;
}

export class PurchaseOrderDelivery {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['in_transit', 'received', 'not_shipped'] })
  status: 'in_transit' | 'received' | 'not_shipped';

  @ApiProperty({ type: Number, nullable: true })
  shippedKg: number | null;

  @ApiProperty()
  receivedKg: number;

  @ApiProperty()
  lostKg: number;

  @ApiProperty()
  surplusKg: number;

  @ApiProperty()
  surplusReturnedKg: number;

  @ApiProperty()
  surplusSettledKg: number;

  @ApiProperty()
  surplusOpenKg: number;

  @ApiProperty({ type: () => [PurchaseOrderDeliveryReceipt] })
  receipts: PurchaseOrderDeliveryReceipt[];

  @ApiProperty({ type: () => [PurchaseOrderDeliveryLine] })
  lines: PurchaseOrderDeliveryLine[];
}

/** A shortfall the cooperative declared on confirming. */
export class PurchaseOrderShortfall {
  @ApiProperty()
  productId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  requestedKg: number;

  @ApiProperty()
  cutKg: number;

  @ApiProperty()
  ordersReduced: number;

  @ApiProperty()
  ordersCancelled: number;

  @ApiProperty()
  at: string;
}

/** The purchase order as made when the wave closed, with its amendments, shipments and what is left to deliver. */
export class PurchaseOrderDocumentResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  number: string;

  @ApiProperty({ enum: ['sent', 'confirmed', 'shipped'] })
  status: 'sent' | 'confirmed' | 'shipped';

  @ApiProperty()
  issuedAt: string;

  @ApiProperty({ type: String, nullable: true })
  confirmedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  confirmedBy: string | null;

  @ApiProperty({ type: () => PurchaseOrderWave })
  wave: PurchaseOrderWave;

  @ApiProperty({ type: () => PurchaseOrderCooperative })
  cooperative: PurchaseOrderCooperative;

  @ApiProperty({ type: () => PurchaseOrderOrdered })
  ordered: PurchaseOrderOrdered;

  @ApiProperty({ type: () => [PurchaseOrderAmendment] })
  amendments: PurchaseOrderAmendment[];

  @ApiProperty({ type: () => PurchaseOrderBreakdown })
  toDeliver: PurchaseOrderBreakdown;

  @ApiProperty({ type: () => [PurchaseOrderShortfall] })
  shortfalls: PurchaseOrderShortfall[];

  @ApiProperty({ type: () => [PurchaseOrderShipment] })
  shipments: PurchaseOrderShipment[];

  @ApiProperty({ type: () => [PurchaseOrderShortfallPerPoint] })
  shortfallPerPoint: PurchaseOrderShortfallPerPoint[];
}

/** The purchase order with what each dropping point received, lost or has left over. */
export class PurchaseOrderResponse extends PurchaseOrderDocumentResponse {
  @ApiProperty({ type: () => [PurchaseOrderDelivery] })
  deliveries: PurchaseOrderDelivery[];
}
