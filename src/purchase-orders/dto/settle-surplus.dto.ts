import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsUUID, Max, Min, ValidateNested } from 'class-validator';

export class SurplusPackDto {
  @ApiProperty({ description: 'A product of this purchase order (products[].productId)' })
  @IsUUID()
  productId: string;

  @ApiProperty({ example: 5, description: 'The pack size in kg' })
  @IsInt()
  @Min(1)
  @Max(1_000)
  sizeKg: number;

  @ApiProperty({ example: 1, description: 'Surplus packs of this size; at most the surplus not yet returned or settled' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  packs: number;
}

export class SettleSurplusDto {
  @ApiProperty({ description: 'The dropping point that received more than was shipped' })
  @IsUUID()
  droppingPointId: string;

  @ApiProperty({
    enum: ['returned', 'settled'],
    description:
      'returned: the cooperative took the packs back; settled: the programme keeps them and pays at the wave price (administrator only)',
  })
  @IsIn(['returned', 'settled'])
  outcome: 'returned' | 'settled';

  @ApiProperty({ type: [SurplusPackDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SurplusPackDto)
  packs: SurplusPackDto[];
}
