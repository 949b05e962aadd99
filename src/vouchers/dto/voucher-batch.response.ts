import { ApiProperty } from '@nestjs/swagger';
import { VoucherEligibility } from '../voucher-batch.entity';

export class VoucherBatchResponse {
  @ApiProperty()
  validFrom: string;

  @ApiProperty()
  validUntil: string;

  @ApiProperty()
  id: string;

  @ApiProperty()
  programme: string;

  @ApiProperty()
  faceValueRp: number;

  @ApiProperty({ enum: VoucherEligibility, enumName: 'VoucherEligibility' })
  eligibility: VoucherEligibility;

  @ApiProperty({ type: String, nullable: true })
  agency: string | null;

  @ApiProperty({ type: [String], nullable: true })
  nips: string[] | null;

  @ApiProperty()
  count: number;
}
