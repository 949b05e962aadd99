import type { DroppingPoint } from './dropping-point.entity';

export function droppingPointView(point: DroppingPoint) {
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
