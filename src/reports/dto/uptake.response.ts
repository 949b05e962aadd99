import { ApiProperty } from '@nestjs/swagger';
import { BuyerDirectoryItem } from '../../buyers/dto/buyer-directory.response';

export class UptakeWave {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;
}

export class UptakeTotals {
  @ApiProperty()
  notOrdered: number;

  @ApiProperty({ type: Number, nullable: true })
  uptakeRate: number | null;

  @ApiProperty()
  rostered: number;

  @ApiProperty()
  registered: number;

  @ApiProperty()
  ordered: number;
}

export class UptakeByAgency {
  @ApiProperty()
  agency: string;

  @ApiProperty({ type: String, nullable: true })
  agencyId: string | null;

  @ApiProperty()
  rostered: number;

  @ApiProperty()
  registered: number;

  @ApiProperty()
  ordered: number;

  @ApiProperty()
  notOrdered: number;

  @ApiProperty({ type: Number, nullable: true })
  uptakeRate: number | null;
}

export class UptakeBuyers {
  @ApiProperty({ type: String, nullable: true })
  agency: string | null;

  @ApiProperty()
  ordered: boolean;

  @ApiProperty({ type: () => [BuyerDirectoryItem] })
  items: BuyerDirectoryItem[];

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;

  @ApiProperty()
  total: number;
}

export class UptakeResponse {
  @ApiProperty({ type: () => UptakeWave })
  wave: UptakeWave;

  @ApiProperty({ type: () => UptakeTotals })
  totals: UptakeTotals;

  @ApiProperty({ type: () => [UptakeByAgency] })
  byAgency: UptakeByAgency[];

  @ApiProperty({ type: () => UptakeBuyers })
  buyers: UptakeBuyers;
}
