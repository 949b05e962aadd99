import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SettleRefundDto {
  @ApiProperty({ description: 'Transfer or gateway refund reference', example: 'TRF-20200414-0007' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference: string;
}

export class RefundsQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  waveId: string;

  @ApiPropertyOptional({ enum: ['owed', 'settled'] })
  @IsOptional()
  @IsIn(['owed', 'settled'])
  status?: 'owed' | 'settled';
}
