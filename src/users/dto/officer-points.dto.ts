import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';

export class SetOfficerPointsDto {
  @ApiProperty({ type: [String], description: 'Every dropping point the officer works at from now on (replaces the old list)' })
  @IsArray()
  @ArrayMinSize(1, { message: 'An officer needs at least one dropping point' })
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsUUID('4', { each: true })
  droppingPointIds: string[];
}
