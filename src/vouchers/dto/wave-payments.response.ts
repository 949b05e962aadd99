import { ApiProperty } from '@nestjs/swagger';

export class WavePaymentsByMethodResponse {
  @ApiProperty()
  waveId: string;

  @ApiProperty()
  paidOrders: number;

  @ApiProperty()
  paidOrdersRp: number;

  @ApiProperty()
  cashRp: number;

  @ApiProperty()
  transferRp: number;

  @ApiProperty()
  qrisRp: number;

  @ApiProperty()
  voucherRp: number;

  @ApiProperty()
  voucherWholeOrdersRp: number;

  @ApiProperty()
  voucherPartOrdersRp: number;

  @ApiProperty()
  paidRp: number;

  @ApiProperty()
  balanced: boolean;
}
