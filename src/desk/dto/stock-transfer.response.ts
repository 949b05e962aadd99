import { ApiProperty } from '@nestjs/swagger';
import { DeskOrderItem } from './desk-order.response';
import { PointStockLine, PointStockShortfall } from './receipt.response';

export class StockTransferPointStock {
  @ApiProperty({ type: () => [PointStockLine] })
  stock: PointStockLine[];

  @ApiProperty({ type: () => PointStockShortfall })
  shortfall: PointStockShortfall;

  @ApiProperty()
  droppingPointId: string;
}

export class StockTransferResponse {
  @ApiProperty()
  ordersMadeReady: number;

  @ApiProperty({ type: () => StockTransferPointStock })
  from: StockTransferPointStock;

  @ApiProperty({ type: () => StockTransferPointStock })
  to: StockTransferPointStock;

  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['out', 'in'] })
  direction: 'out' | 'in';

  @ApiProperty()
  recordedBy: string;

  @ApiProperty()
  recordedAt: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: () => [DeskOrderItem] })
  packs: DeskOrderItem[];
}
