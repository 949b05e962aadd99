import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsUUID } from 'class-validator';

export class DispatchDto {
  @ApiProperty({ description: 'The wave whose orders are dispatched' })
  @IsUUID('all')
  waveId: string;

  @ApiPropertyOptional({
    description: 'Orders to dispatch (or re-dispatch after a failure); without it, every ready home-delivery order of the point',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  orderIds?: string[];
}
