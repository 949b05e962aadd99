import { ApiProperty } from '@nestjs/swagger';
import { WaveSummaryDroppingPoint, WaveSummaryResponse, WaveSummaryTotals } from '../../orders/dto/wave-summary.response';

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

/** The orders and rupiah the wave summary leaves out where they would mix cooperatives; the live room shows the whole wave. */
export class LiveSummaryTotals extends WaveSummaryTotals {
  @ApiProperty()
  orders: number;

  @ApiProperty()
  valueRp: number;
}

export class LiveSummaryDroppingPoint extends WaveSummaryDroppingPoint {
  @ApiProperty()
  orders: number;

  @ApiProperty()
  valueRp: number;
}

/** The live wave room's summary: the wave summary with its orders per minute, agencies and sell-outs. */
export class LiveSummaryResponse extends WaveSummaryResponse {
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

  @ApiProperty({ type: () => LiveSummaryTotals })
  declare totals: LiveSummaryTotals;

  @ApiProperty({ type: () => [LiveSummaryDroppingPoint] })
  declare droppingPoints: LiveSummaryDroppingPoint[];
}
