import type { TripPack } from './delivery-trip.entity';

export interface PartPlan {
  kg: number;
  packs: TripPack[];
}

export class PackTooHeavyError extends Error {
  constructor(
    readonly sizeKg: number,
    readonly maxKg: number,
  ) {
    super(`A ${sizeKg} kg pack is heavier than a motorbike carries (${maxKg} kg)`);
  }
}

/**
 * Splits an order's packs into motorbike loads of at most `maxKg` each, as few as first-fit
 * decreasing finds (optimal for sizes that divide each other, like 5/10/20 kg). Deterministic: the
 * same order always gives the same parts. A single pack heavier than `maxKg` cannot go by motorbike.
 */
export function splitIntoTrips(items: readonly TripPack[], maxKg: number): PartPlan[] {
  const units = items
    .flatMap((item) => Array.from({ length: item.quantity }, () => item))
    .sort((a, b) => b.sizeKg - a.sizeKg || a.packId.localeCompare(b.packId));
  const loads: { kg: number; packs: TripPack[] }[] = [];
  for (const unit of units) {
    if (unit.sizeKg > maxKg) throw new PackTooHeavyError(unit.sizeKg, maxKg);
    let load = loads.find((candidate) => candidate.kg + unit.sizeKg <= maxKg);
    if (!load) {
      load = { kg: 0, packs: [] };
      loads.push(load);
    }
    load.kg += unit.sizeKg;
    const same = load.packs.find((pack) => pack.packId === unit.packId);
    if (same) same.quantity += 1;
    else load.packs.push({ ...unit, quantity: 1 });
  }
  return loads;
}

/** "Beras premium Indramayu 2 x 10 kg, 1 x 5 kg" */
export function describePacks(packs: readonly TripPack[]): string {
  return packs.map((pack) => `${pack.product} ${pack.quantity} x ${pack.sizeKg} kg`).join(', ');
}
