import { ApiProperty } from '@nestjs/swagger';

export class DeliveryEstimateResponse {
  @ApiProperty()
  droppingPointId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  distanceKm: number;

  @ApiProperty({ type: Number, nullable: true })
  radiusKm: number | null;

  @ApiProperty()
  withinRadius: boolean;

  @ApiProperty()
  kg: number;

  @ApiProperty()
  trips: number;

  @ApiProperty()
  courierFeeEstimateRp: number;
}
