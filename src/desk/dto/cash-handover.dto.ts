import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CashRecipient } from '../cash-handover.entity';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RecordCashHandoverDto {
  @ApiProperty({ description: 'Whole rupiah handed over, at most what the officer holds for the wave', example: 1_100_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  amountRp: number;

  @ApiProperty({ enum: CashRecipient, example: CashRecipient.Treasurer })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsEnum(CashRecipient)
  recipient: CashRecipient;

  @ApiPropertyOptional({ example: 'Bendahara program, Ibu Rina' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  recipientName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(1000)
  note?: string;
}
