import { ApiProperty } from '@nestjs/swagger';

export class AllowanceProduct {
  @ApiProperty()
  waveProductId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  remainingKg: number;

  @ApiProperty()
  perBuyerLimitKg: number;

  @ApiProperty()
  orderedKg: number;

  @ApiProperty()
  mayStillOrderKg: number;
}

export class AllowanceResponse {
  @ApiProperty()
  waveId: string;

  @ApiProperty({ type: () => [AllowanceProduct] })
  products: AllowanceProduct[];
}
