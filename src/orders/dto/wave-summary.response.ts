import { ApiProperty } from '@nestjs/swagger';
import { WaveStatus } from '../../waves/wave-status.enum';

export class WaveSummaryProductPack {
  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  packs: number;

  @ApiProperty()
  kg: number;
}

export class WaveSummaryTotalsPack extends WaveSummaryProductPack {
  @ApiProperty()
  waveProductId: string;

  @ApiProperty()
  productName: string;
}

export class WaveSummaryTotals {
  @ApiProperty()
  kg: number;

  @ApiProperty({ type: () => [WaveSummaryTotalsPack] })
  packs: WaveSummaryTotalsPack[];
}

export class WaveSummaryProduct {
  @ApiProperty()
  waveProductId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  capacityKg: number;

  @ApiProperty()
  orderedKg: number;

  @ApiProperty()
  remainingKg: number;

  @ApiProperty({ type: () => [WaveSummaryProductPack] })
  packs: WaveSummaryProductPack[];
}

export class WaveSummaryDroppingPoint {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  kg: number;

  @ApiProperty({ type: () => [WaveSummaryTotalsPack] })
  packs: WaveSummaryTotalsPack[];
}

export class WaveSummaryResponse {
  @ApiProperty({ type: () => WaveSummaryTotals })
  totals: WaveSummaryTotals;

  @ApiProperty({ type: () => [WaveSummaryProduct] })
  products: WaveSummaryProduct[];

  @ApiProperty({ type: () => [WaveSummaryDroppingPoint] })
  droppingPoints: WaveSummaryDroppingPoint[];

  @ApiProperty()
  waveId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: WaveStatus, enumName: 'WaveStatus' })
  status: WaveStatus;

  @ApiProperty()
  generatedAt: string;
}
