import { ApiProperty } from '@nestjs/swagger';

export class CourierFeesPoint {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  trips: number;

  @ApiProperty()
  totalRp: number;
}

export class CourierFeesResponse {
  @ApiProperty()
  waveId: string;

  @ApiProperty()
  trips: number;

  @ApiProperty()
  totalRp: number;

  @ApiProperty({ type: () => [CourierFeesPoint] })
  points: CourierFeesPoint[];
}
