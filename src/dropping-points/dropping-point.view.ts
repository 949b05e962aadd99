import { ApiProperty } from '@nestjs/swagger';
import type { DroppingPoint } from './dropping-point.entity';

export class DroppingPointView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  address: string;

  @ApiProperty()
  latitude: number;

  @ApiProperty()
  longitude: number;

  @ApiProperty({ type: Number, nullable: true })
  deliveryRadiusKm: number | null;

  @ApiProperty({ type: String, nullable: true })
  openingHours: string | null;
}

export function droppingPointView(point: DroppingPoint): DroppingPointView {
  return {
    id: point.id,
    name: point.name,
    address: point.address,
    latitude: point.latitude,
    longitude: point.longitude,
    deliveryRadiusKm: point.deliveryRadiusKm,
    openingHours: point.openingHours,
  };
}
