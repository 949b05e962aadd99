import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class CreateShipmentDto {
  @ApiProperty({ description: 'The dropping point whose delivery has left the cooperative' })
  @IsUUID()
  droppingPointId: string;
}
