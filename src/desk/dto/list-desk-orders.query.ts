import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { OrderStatus } from '../../orders/order-status.enum';

export const PAYMENT_STATUSES = ['unpaid', 'paid', 'refund_due', 'refunded', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const HANDOVER_STATUSES = ['pending', 'partial', 'handed_over', 'cancelled'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
/** What people also call these states. */
const PAYMENT_ALIASES: Record<string, PaymentStatus> = { pending: 'unpaid', placed: 'unpaid', not_paid: 'unpaid', confirmed: 'paid' };
const paymentStatus = ({ value }: { value: unknown }) => {
  const lower = lowerCase({ value });
  return typeof lower === 'string' ? (PAYMENT_ALIASES[lower] ?? lower) : lower;
};
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export class ListDeskOrdersQuery {
  @ApiPropertyOptional({ description: 'The wave (recommended: a desk works one wave at a time)' })
  @IsOptional()
  @IsUUID('4')
  waveId?: string;

  @ApiPropertyOptional({
    enum: PAYMENT_STATUSES,
    description:
      'unpaid: placed; paid: paid and after; refund_due: cancelled with money still owed back; refunded: cancelled and paid back',
  })
  @IsOptional()
  @Transform(paymentStatus)
  @IsIn(PAYMENT_STATUSES)
  paymentStatus?: PaymentStatus;

  @ApiPropertyOptional({
    enum: HANDOVER_STATUSES,
    description:
      'pending: not yet handed over (placed, paid, ready); partial: some packs handed over or delivered, the rest owed; handed_over: picked up, out for delivery or delivered',
  })
  @IsOptional()
  @Transform(lowerCase)
  @IsIn(HANDOVER_STATUSES)
  handoverStatus?: HandoverStatus;

  @ApiPropertyOptional({ enum: OrderStatus })
  @IsOptional()
  @Transform(lowerCase)
  @IsEnum(OrderStatus)
  status?: OrderStatus;

  @ApiPropertyOptional({ description: 'Pickup code, NIP (or its start) or part of the buyer name', example: 'K7Q-M3X' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  offset?: number;
}
