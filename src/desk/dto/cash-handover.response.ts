import { ApiProperty } from '@nestjs/swagger';
import { LaterStaffRef, StaffRef } from '../payment.view';

export class CashHandoverResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  waveId: string;

  @ApiProperty({ type: () => StaffRef })
  officer: StaffRef;

  @ApiProperty()
  amountRp: number;

  @ApiProperty()
  recipient: string;

  @ApiProperty({ type: String, nullable: true })
  recipientName: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty()
  recordedAt: string;

  @ApiProperty()
  confirmed: boolean;

  @ApiProperty({ type: String, nullable: true })
  confirmedAt: string | null;

  @ApiProperty({ type: () => LaterStaffRef, nullable: true })
  confirmedBy: LaterStaffRef | null;
}
