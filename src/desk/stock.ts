/** Packs of one wave pack (size of a product) at a dropping point. */
export type PackCounts = Map<string, number>;

export interface ReadyCandidate {
  id: string;
  items: { packId: string; quantity: number }[];
}

/**
 * Which paid orders the goods at the point can serve, first paid first served: an order becomes
 * ready only when every pack it needs is there and not yet promised to an earlier order. An order
 * that does not fit is skipped (it waits for the next delivery) and smaller later orders may
 * still fit. `available` is what arrived minus what ready and handed-over orders already hold.
 */
export function chooseReady(available: PackCounts, candidates: ReadyCandidate[]): string[] {
  const left = new Map(available);
  const chosen: string[] = [];
  for (const candidate of candidates) {
    const fits = candidate.items.every((item) => (left.get(item.packId) ?? 0) >= item.quantity);
    if (!fits) continue;
    for (const item of candidate.items) left.set(item.packId, (left.get(item.packId) ?? 0) - item.quantity);
    chosen.push(candidate.id);
  }
  return chosen;
}

/** received - allocated, per pack (never below zero: a hand-over before any receipt was recorded can overdraw). */
export function availablePacks(received: PackCounts, allocated: PackCounts): PackCounts {
  const available: PackCounts = new Map();
  for (const [packId, packs] of received) available.set(packId, Math.max(0, packs - (allocated.get(packId) ?? 0)));
  return available;
}
