import { ApiProperty } from '@nestjs/swagger';

export class BuyerDirectoryItem {
  @ApiProperty()
  id: string;

  @ApiProperty()
  nip: string;

  @ApiProperty()
  kind: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  agency: string;

  @ApiProperty()
  phone: string;

  @ApiProperty()
  registered: boolean;

  @ApiProperty({ type: String, nullable: true })
  defaultDroppingPoint: string | null;

  @ApiProperty()
  createdAt: string;
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
