import { ApiProperty } from '@nestjs/swagger';
import { WaveView } from '../wave.view';

export class WaveDetailResponse extends WaveView {
  @ApiProperty({ description: "false in an open programme (no roster): buyers' NIP and agency are their own word" })
  rosterRequired: boolean;
}
