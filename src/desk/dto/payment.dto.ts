import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PaymentMethod } from '../payment.entity';

/** What an officer records at the desk; VOUCHER payments come only from applying a voucher (src/vouchers). */
const DESK_METHODS = [PaymentMethod.Cash, PaymentMethod.Transfer, PaymentMethod.Qris];

const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RecordPaymentDto {
  @ApiProperty({ enum: DESK_METHODS, example: PaymentMethod.Cash })
  @Transform(upperCase)
  @IsIn(DESK_METHODS)
  method: PaymentMethod;

  @ApiProperty({ description: 'Whole rupiah; must equal the order total', example: 220_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  amountRp: number;

  @ApiPropertyOptional({ description: 'Transfer or QRIS reference, receipt number', example: 'QRIS-20200409-0042' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference?: string;
}

export class ReversePaymentDto {
  @ApiProperty({ example: 'Transfer bounced: wrong account number' })
  @Transform(trimmed)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}
