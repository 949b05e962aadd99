import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class SetRecurrenceDto {
  @ApiProperty({
    nullable: true,
    example: 'FREQ=MONTHLY;BYDAY=+2TH',
    description: "RRULE (RFC 5545) counted from the wave's opening in WIB; null stops the repetition",
  })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MinLength(6)
  @MaxLength(500)
  rule: string | null;
}

export class NextWaveDto {
  @ApiPropertyOptional({ example: 'Serlok Februari', description: 'Name of the next wave; the same name as the last by default' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;
}
