import { ApiProperty, PickType } from '@nestjs/swagger';
import { BuyerView } from '../buyer.view';

/** A rostered civil servant, registered or not: the kind as the roster has it, the default point by name. */
export class BuyerDirectoryItem extends PickType(BuyerView, ['id', 'nip', 'name', 'agency', 'phone', 'createdAt'] as const) {
  @ApiProperty()
  kind: string;

  @ApiProperty()
  registered: boolean;

  @ApiProperty({ type: String, nullable: true })
  defaultDroppingPoint: string | null;
}

export class BuyerDirectoryResponse {
  @ApiProperty({ type: () => [BuyerDirectoryItem] })
  items: BuyerDirectoryItem[];

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;

  @ApiProperty()
  total: number;

  @ApiProperty({ type: String, nullable: true })
  agency: string | null;
}
