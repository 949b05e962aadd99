import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { VoucherEligibility } from '../voucher-batch.entity';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AssignedVoucherDto {
  @ApiProperty({ example: '198503152010012003' })
  @Matches(/^[0-9]{18}$/, { message: 'nip must be 18 digits' })
  nip: string;

  @ApiPropertyOptional({ example: 'Siti Rahmawati' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
}

export class IssueVouchersDto {
  @ApiProperty({ example: 'Voucher ASN Gelombang II' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  programme: string;

  @ApiProperty({ description: 'Whole rupiah', example: 50_000 })
  @IsInt()
  @Min(1_000)
  @Max(10_000_000)
  faceValueRp: number;

  @ApiPropertyOptional({ description: 'Default: now', example: '2020-04-07T08:00:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiProperty({ example: '2020-04-30T23:59:59+07:00' })
  @IsISO8601({ strict: true })
  validUntil: string;

  @ApiProperty({ enum: VoucherEligibility, description: 'anyone who holds a code, one agency, or the listed NIPs' })
  @IsIn(Object.values(VoucherEligibility))
  eligibility: VoucherEligibility;

  @ApiPropertyOptional({ description: 'With eligibility=agency', example: 'Kementerian Koperasi dan UKM' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agency?: string;

  @ApiPropertyOptional({ description: 'With eligibility=nips', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @Matches(/^[0-9]{18}$/, { each: true, message: 'each NIP must be 18 digits' })
  nips?: string[];

  @ApiPropertyOptional({ description: 'Codes to print (CSV); give this or assignTo', example: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50_000)
  count?: number;

  @ApiPropertyOptional({ description: 'One code for each named civil servant', type: [AssignedVoucherDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => AssignedVoucherDto)
  assignTo?: AssignedVoucherDto[];
}

export class ApplyVoucherDto {
  @ApiProperty({ example: 'K7QM-2XPA-9RTD' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  code: string;
}
