/** More slices, less waiting on one row: with 40 connections at once, 64 slices keep collisions rare. */
export const MAX_SLICES = 64;
/** A slice smaller than this would split even a single large order; fewer slices then. */
const MIN_SLICE_KG = 200;

export function sliceCountFor(capacityKg: number): number {
  return Math.max(1, Math.min(MAX_SLICES, Math.floor(capacityKg / MIN_SLICE_KG)));
}

/** Splits a capacity into `count` parts that differ by at most 1 kg and add up exactly. */
export function splitCapacity(capacityKg: number, count: number): number[] {
  const base = Math.floor(capacityKg / count);
  const extra = capacityKg - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}
