import { DomainError } from '../common/domain-error';

export interface DeliveryArea {
  name: string;
  latitude: number;
  longitude: number;
  /** Null: the administrator set no limit for this point. */
  radiusKm: number | null;
}

const EARTH_RADIUS_KM = 6371;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** Straight-line (great-circle) distance in km, to 0.1 km. */
export function distanceKm(from: { latitude: number; longitude: number }, to: { latitude: number; longitude: number }): number {
  const dLat = rad(to.latitude - from.latitude);
  const dLng = rad(to.longitude - from.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(from.latitude)) * Math.cos(rad(to.latitude)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h)) * 10) / 10;
}

/**
 * Refuses a home delivery the point's ojek cannot make: beyond its radius, or without coordinates
 * to measure when the point has a radius. Checked before the order is placed.
 */
export function assertDeliverable(area: DeliveryArea, latitude: number | undefined, longitude: number | undefined): void {
  if (area.radiusKm === null) return;
  if (latitude === undefined || longitude === undefined) {
    throw DomainError.validation(
      'deliveryLatitude',
      `deliveryLatitude and deliveryLongitude are required: ${area.name} delivers within ${area.radiusKm} km`,
    );
  }
  const km = distanceKm(area, { latitude, longitude });
  if (km > area.radiusKm) {
    throw DomainError.validation(
      'deliveryLatitude',
      `the address is ${km} km from ${area.name}; home delivery reaches ${area.radiusKm} km`,
    );
  }
}

/**
 * What the ojek will likely cost for trips of these kg over `km`: the courier's published tariff
 * (Rp 9.000 base, Rp 2.500 per km, at least 1 km, Rp 500 per kg above 5 kg, rounded to Rp 500),
 * the same the courier simulator charges. The courier quotes the real fee when it is booked.
 */
export function courierFeeEstimateRp(km: number, tripKg: number[]): number {
  return tripKg.reduce((sum, kg) => sum + Math.round((9000 + 2500 * Math.max(1, km) + 500 * Math.max(0, kg - 5)) / 500) * 500, 0);
}
