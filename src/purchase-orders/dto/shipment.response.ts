import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WaveStatus } from '../../waves/wave-status.enum';
import { PurchaseOrderShipmentShortfall } from './purchase-order.response';

export class ShipmentManifest {
  @ApiProperty()
  wavePackId: string;

  @ApiProperty()
  productId: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  packs: number;

  @ApiPropertyOptional()
  duePacks?: number;
}

export class ShipmentResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  purchaseOrderId: string;

  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  status: string;

  @ApiProperty()
  shippedAt: string;

  @ApiProperty()
  shippedKg: number;

  @ApiProperty({ type: String, nullable: true })
  vehicle: string | null;

  @ApiProperty({ type: String, nullable: true })
  driver: string | null;

  @ApiProperty({ type: () => [ShipmentManifest] })
  manifest: ShipmentManifest[];

  @ApiProperty({ type: () => PurchaseOrderShipmentShortfall })
  shortfall: PurchaseOrderShipmentShortfall;

  @ApiProperty({ enum: WaveStatus, enumName: 'WaveStatus', nullable: true })
  waveStatus: WaveStatus | null;
}
