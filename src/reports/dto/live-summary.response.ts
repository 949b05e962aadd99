import { ApiProperty } from '@nestjs/swagger';
import { WaveSummaryProduct, WaveSummaryTotalsPack } from '../../orders/dto/wave-summary.response';
import { WaveStatus } from '../../waves/wave-status.enum';

export class LiveSummaryOrdersPerMinute {
  @ApiProperty()
  minute: string;

  @ApiProperty()
  orders: number;
}

export class LiveSummaryAgency {
  @ApiProperty()
  agency: string;

  @ApiProperty()
  orders: number;

  @ApiProperty()
  kg: number;
}

export class LiveSummarySoldOut {
  @ApiProperty()
  waveProductId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  at: string | null;
}

export class LiveSummaryTotals {
  @ApiProperty()
  orders: number;

  @ApiProperty()
  kg: number;

  @ApiProperty()
  valueRp: number;

  @ApiProperty({ type: () => [WaveSummaryTotalsPack] })
  packs: WaveSummaryTotalsPack[];
}

export class LiveSummaryDroppingPoint {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  orders: number;

  @ApiProperty()
  kg: number;

  @ApiProperty()
  valueRp: number;

  @ApiProperty({ type: () => [WaveSummaryTotalsPack] })
  packs: WaveSummaryTotalsPack[];
}

/** The live wave room's summary: the wave summary with its orders per minute, agencies and sell-outs. */
export class LiveSummaryResponse {
  @ApiProperty()
  opensAt: string;

  @ApiProperty()
  closesAt: string;

  @ApiProperty()
  secondsLeft: number;

  @ApiProperty({ type: () => [LiveSummaryOrdersPerMinute] })
  ordersPerMinute: LiveSummaryOrdersPerMinute[];

  @ApiProperty({ type: () => [LiveSummaryAgency] })
  agencies: LiveSummaryAgency[];

  @ApiProperty({ type: () => [LiveSummarySoldOut] })
  soldOut: LiveSummarySoldOut[];

  @ApiProperty({ type: String, nullable: true })
  waveSoldOutAt: string | null;

  @ApiProperty()
  waveId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: WaveStatus, enumName: 'WaveStatus' })
  status: WaveStatus;

  @ApiProperty()
  generatedAt: string;

  @ApiProperty({ type: () => LiveSummaryTotals })
  totals: LiveSummaryTotals;

  @ApiProperty({ type: () => [WaveSummaryProduct] })
  products: WaveSummaryProduct[];

  @ApiProperty({ type: () => [LiveSummaryDroppingPoint] })
  droppingPoints: LiveSummaryDroppingPoint[];
}
