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

export class ReceivedPackDto {
  @ApiProperty({ description: 'A pack id of the wave (waves/:id products[].packs[].id)' })
  @IsUUID('4')
  packId: string;

  @ApiProperty({ description: 'Packs of this size that arrived (0 when none did)', example: 120 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  quantity: number;
}

export class RecordReceiptDto {
  @ApiProperty()
  @IsUUID('4')
  waveId: string;

  @ApiProperty({ type: [ReceivedPackDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReceivedPackDto)
  packs: ReceivedPackDto[];

  @ApiPropertyOptional({ example: 'Truk koperasi tiba 07.30; 2 karung 20 kg basah' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class WaveQuery {
  @ApiProperty()
  @IsUUID('4')
  waveId: string;
}
