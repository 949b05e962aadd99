/**
 * Every total at or below `kg` that whole packs of these sizes add up to, smallest first (0 left
 * out): what a buyer can really order when `kg` is what their limit leaves.
 */
export function orderableAmounts(kg: number, packSizesKg: number[]): number[] {
  const sizes = [...new Set(packSizesKg.filter((size) => size > 0))];
  if (kg <= 0 || sizes.length === 0) return [];
  const reachable = new Uint8Array(kg + 1);
  reachable[0] = 1;
  const amounts: number[] = [];
  for (let total = 1; total <= kg; total++) {
    if (sizes.some((size) => size <= total && reachable[total - size])) {
      reachable[total] = 1;
      amounts.push(total);
    }
  }
  return amounts;
}

/**
 * The most kg at or below `kg` that whole packs of these sizes add up to: what a buyer can really
 * order when `kg` is what their limit and the wave's stock leave (7 kg left in 5 kg packs is 5 kg).
 */
export function orderableKg(kg: number, packSizesKg: number[]): number {
  return orderableAmounts(kg, packSizesKg).at(-1) ?? 0;
}

/** One wave product seen by one buyer before ordering. */
export interface ProductAllowance {
  waveProductId: string;
  name: string;
  /** What is left of the wave's capacity for everyone. */
  remainingKg: number;
  perBuyerLimitKg: number;
  /** What this buyer's standing orders already hold of it. */
  orderedKg: number;
  /** What whole packs still fit under both the limit and what is left. */
  mayStillOrderKg: number;
}

export function productAllowance(row: {
  waveProductId: string;
  name: string;
  remainingKg: number;
  perBuyerLimitKg: number;
  orderedKg: number;
  packSizesKg: number[];
}): ProductAllowance {
  const room = Math.min(row.perBuyerLimitKg - row.orderedKg, row.remainingKg);
  return {
    waveProductId: row.waveProductId,
    name: row.name,
    remainingKg: row.remainingKg,
    perBuyerLimitKg: row.perBuyerLimitKg,
    orderedKg: row.orderedKg,
    mayStillOrderKg: orderableKg(room, row.packSizesKg),
  };
}
