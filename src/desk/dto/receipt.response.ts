import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { StaffRef } from '../payment.view';
import { DeskOrderItem, DeskPack } from './desk-order.response';

export class PointStockLine extends DeskPack {
  @ApiProperty()
  orderedPacks: number;

  @ApiProperty()
  paidPacks: number;

  @ApiProperty()
  receivedPacks: number;

  @ApiProperty()
  movedInPacks: number;

  @ApiProperty()
  movedOutPacks: number;

  @ApiProperty()
  handedOverPacks: number;

  @ApiProperty()
  shortfallPacks: number;

  @ApiProperty()
  surplusPacks: number;
}

export class PointStockShortfall {
  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;
}

/** Per pack at a point: ordered, paid, received, moved, handed over, short and surplus (ReceiptsService.stockView). */
export class PointStock {
  @ApiProperty({ type: () => [PointStockLine] })
  stock: PointStockLine[];

  @ApiProperty({ type: () => PointStockShortfall })
  shortfall: PointStockShortfall;
}

export class ReceiptResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  waveId: string;

  @ApiProperty()
  droppingPointId: string;

  @ApiProperty({ type: () => StaffRef })
  receivedBy: StaffRef;

  @ApiProperty()
  receivedAt: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: () => [DeskOrderItem] })
  packs: DeskOrderItem[];
}

export class ReceiptRecordedResponse extends IntersectionType(ReceiptResponse, PointStock) {
  @ApiProperty()
  ordersMadeReady: number;
}

export class StockTransferPoint {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;
}

export class StockTransferView {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['out', 'in'] })
  direction: 'out' | 'in';

  @ApiProperty({ type: () => StockTransferPoint })
  from: StockTransferPoint;

  @ApiProperty({ type: () => StockTransferPoint })
  to: StockTransferPoint;

  @ApiProperty()
  recordedBy: string;

  @ApiProperty()
  recordedAt: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: () => [DeskOrderItem] })
  packs: DeskOrderItem[];
}

export class ReceiptsResponse extends PointStock {
  @ApiProperty()
  waveId: string;

  @ApiProperty()
  droppingPointId: string;

  @ApiProperty({ type: () => [ReceiptResponse] })
  receipts: ReceiptResponse[];

  @ApiProperty({ type: () => [StockTransferView] })
  transfers: StockTransferView[];
}
