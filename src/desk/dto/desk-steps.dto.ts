import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { HandoverDto } from './handover.dto';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PackCountDto {
  @ApiProperty({ description: 'A pack id of the wave (waves/:id products[].packs[].id)' })
  @IsUUID('4')
  packId: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;
}

const packList = () =>
  function (target: object, key: string) {
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(100)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => PackCountDto)(target, key);
  };

/** The common case at the desk: the exact cash taken and the packs handed over, one action. */
export class PayCashAndHandOverDto extends HandoverDto {
  @ApiProperty({
    description: 'Whole rupiah in cash; must equal what the order owes (its total less what a voucher pays)',
    example: 220_000,
  })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  amountRp: number;
}

/** Fewer packs than ordered when the point is short; the rest stays owed to the buyer. */
export class PartialHandoverDto extends HandoverDto {
  @ApiProperty({ type: [PackCountDto], description: 'The packs handed over now, at most what is still owed of each' })
  @packList()
  packs: PackCountDto[];
}

export class RefundPayoutDto {
  @ApiProperty({ description: 'Whole rupiah paid back in cash; must equal what is owed back on the order', example: 220_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  amountRp: number;

  @ApiPropertyOptional({ example: 'Dibayar kembali tunai, diterima sendiri' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class StockTransferDto {
  @ApiProperty()
  @IsUUID('4')
  waveId: string;

  @ApiProperty({ description: 'The dropping point the packs go to' })
  @IsUUID('4')
  toDroppingPointId: string;

  @ApiProperty({ type: [PackCountDto], description: 'Surplus packs moved, per pack of the wave' })
  @packList()
  packs: PackCountDto[];

  @ApiPropertyOptional({ example: 'Dibawa dengan mobil kantor, 2 karung 5 kg' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(1000)
  note?: string;
}
