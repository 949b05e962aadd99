import { ApiProperty, OmitType } from '@nestjs/swagger';
import { PointStock, StockTransferView } from './receipt.response';

export class StockTransferPointStock extends PointStock {
  @ApiProperty()
  droppingPointId: string;
}

/** The transfer as listed, its points with their stock after it, and the orders it made ready. */
export class StockTransferResponse extends OmitType(StockTransferView, ['from', 'to'] as const) {
  @ApiProperty()
  ordersMadeReady: number;

  @ApiProperty({ type: () => StockTransferPointStock })
  from: StockTransferPointStock;

  @ApiProperty({ type: () => StockTransferPointStock })
  to: StockTransferPointStock;
}
