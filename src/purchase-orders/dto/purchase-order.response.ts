import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WaveStatus } from '../../waves/wave-status.enum';

export class PurchaseOrderWave {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: WaveStatus, enumName: 'WaveStatus' })
  status: WaveStatus;

  @ApiProperty()
  closesAt: string;

  @ApiProperty()
  handOutDate: string;

  @ApiProperty()
  paymentDeadline: string;
}

export class PurchaseOrderCooperative {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  region: string;

  @ApiProperty()
  phone: string;
}

export class PurchaseOrderOrderedProductPack {
  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  priceRp: number;

  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;
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

export class PurchaseOrderOrderedDroppingPointPack {
  @ApiProperty()
  productId: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  priceRp: number;

  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;
}

export class PurchaseOrderOrderedDroppingPoint {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  address: string;

  @ApiProperty()
  kg: number;

  @ApiProperty()
  tonnes: number;

  @ApiProperty()
  valueRp: number;

  @ApiProperty({ type: () => [PurchaseOrderOrderedDroppingPointPack] })
  packs: PurchaseOrderOrderedDroppingPointPack[];
}

export class PurchaseOrderOrdered {
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

  @ApiProperty()
  ordersCount: number;

  @ApiProperty()
  buyersCount: number;
}

export class PurchaseOrderAmendmentLine {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  productId: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;

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

export class PurchaseOrderToDeliver {
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

export class PurchaseOrderShipmentManifest {
  @ApiProperty()
  productId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  duePacks: number;

  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;
}

export class PurchaseOrderShipmentShortfallLine {
  @ApiProperty()
  kg: number;

  @ApiProperty()
  productId: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  packs: number;
}

export class PurchaseOrderShipmentShortfall {
  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;

  @ApiProperty({ type: () => [PurchaseOrderShipmentShortfallLine] })
  lines: PurchaseOrderShipmentShortfallLine[];
}

export class PurchaseOrderShipment {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  address: string;

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

export class PurchaseOrderShortfallPerPointLine {
  @ApiProperty()
  productId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  cutPacks: number;

  @ApiProperty()
  shortShippedPacks: number;

  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;

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

export class PurchaseOrderDeliveryReceiptPack {
  @ApiProperty()
  productId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;
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

  @ApiProperty({ type: () => [PurchaseOrderDeliveryReceiptPack] })
  packs: PurchaseOrderDeliveryReceiptPack[];
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

  @ApiProperty({ type: () => PurchaseOrderToDeliver })
  toDeliver: PurchaseOrderToDeliver;

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
