import { ApiProperty } from '@nestjs/swagger';

export class VoucherReportRow {
  @ApiProperty({ type: String, nullable: true })
  agency: string | null;

  @ApiProperty()
  issued: number;

  @ApiProperty()
  issuedRp: number;

  @ApiProperty()
  spent: number;

  @ApiProperty()
  spentRp: number;

  @ApiProperty()
  expired: number;

  @ApiProperty()
  expiredRp: number;

  @ApiProperty()
  available: number;
}
