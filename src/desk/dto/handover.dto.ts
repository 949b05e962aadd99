import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class HandoverDto {
  @ApiProperty({ description: "The buyer's pickup code, typed (any case, dash optional) or read from their QR code", example: 'K7Q-M3X' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  pickupCode: string;
}

export class NoShowDto {
  @ApiPropertyOptional({ example: 'Not paid by hand-out day; phoned twice' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  note?: string;
}
