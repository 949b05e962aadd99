import { ApiProperty } from '@nestjs/swagger';
import { BuyerDirectoryResponse } from '../../buyers/dto/buyer-directory.response';

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

export class UptakeByAgency extends UptakeTotals {
  @ApiProperty()
  agency: string;

  @ApiProperty({ type: String, nullable: true })
  agencyId: string | null;
}

/** A page of the directory: who did not order (ordered=true: who did). */
export class UptakeBuyers extends BuyerDirectoryResponse {
  @ApiProperty()
  ordered: boolean;
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
