/**
 * How a confirmed shortfall is shared out: LAST COME, FIRST CUT.
 *
 * The wave admitted orders first come, first served; had the cooperative known its real supply,
 * the latest orders are the ones that would have been refused. So a shortfall of a product is
 * taken from the orders that still wait for it (placed or paid), latest placement first (ties by
 * order id), until at least the shortfall has been cut:
 *   - an order whose packs of the product do not cover what is still missing loses all of them;
 *   - the order that finishes the cut loses the combination of its packs with the fewest kg that
 *     covers what is still missing (then the fewest packs, then larger packs before smaller), so
 *     nobody loses more than pack sizes force.
 * Earlier orders are never touched to spare a later one, even when that would cut closer to the
 * shortfall: the rule has to be one a buyer can predict ("order early and you keep your rice").
 */

export interface CuttableLine {
  itemId: string;
  sizeKg: number;
  quantity: number;
}

export interface CuttableOrder {
  orderId: string;
  /** The order's lines of the product that is short; the caller passes orders latest first. */
  lines: CuttableLine[];
}

export interface LineCut {
  orderId: string;
  itemId: string;
  sizeKg: number;
  packsBefore: number;
  packsCut: number;
}

export interface Allocation {
  cuts: LineCut[];
  /** kg taken in all: at least the shortfall when the orders held that much. */
  cutKg: number;
  /** kg that could not be cut because the orders ran out (0 when the shortfall was covered). */
  uncoveredKg: number;
}

export function allocateShortfall(ordersLatestFirst: CuttableOrder[], shortfallKg: number): Allocation {
  if (!Number.isInteger(shortfallKg) || shortfallKg <= 0) throw new RangeError('shortfallKg must be a positive integer');
  const cuts: LineCut[] = [];
  let missing = shortfallKg;
  let cutKg = 0;
  for (const order of ordersLatestFirst) {
    if (missing <= 0) break;
    const lines = order.lines.filter((line) => line.quantity > 0);
    const orderKg = lines.reduce((sum, line) => sum + line.sizeKg * line.quantity, 0);
    if (orderKg === 0) continue;
    const counts = orderKg <= missing ? lines.map((line) => line.quantity) : smallestCover(lines, missing);
    lines.forEach((line, index) => {
      if (counts[index] > 0)
        cuts.push({
          orderId: order.orderId,
          itemId: line.itemId,
          sizeKg: line.sizeKg,
          packsBefore: line.quantity,
          packsCut: counts[index],
        });
    });
    const taken = lines.reduce((sum, line, index) => sum + line.sizeKg * counts[index], 0);
    cutKg += taken;
    missing -= taken;
  }
  return { cuts, cutKg, uncoveredKg: Math.max(0, missing) };
}

/**
 * Packs per line (same order as `lines`) with the fewest kg that still reach `need`; ties go to
 * fewer packs, then to cutting larger packs. The lines hold more than `need` between them.
 * Enumerates every line but the smallest-pack one and fills the rest with the smallest packs,
 * so the search stays small for the few pack sizes a product has.
 */
export function smallestCover(lines: CuttableLine[], need: number): number[] {
  const bySizeDesc = lines
    .map((line, index) => ({ ...line, index }))
    .sort((a, b) => b.sizeKg - a.sizeKg || a.itemId.localeCompare(b.itemId));
  const smallest = bySizeDesc[bySizeDesc.length - 1];
  const others = bySizeDesc.slice(0, -1);
  let best: { counts: number[]; kg: number; packs: number } | null = null;
  const counts = new Array<number>(bySizeDesc.length).fill(0);

  const consider = () => {
    const partial = others.reduce((sum, line, k) => sum + line.sizeKg * counts[k], 0);
    const fill = Math.max(0, Math.ceil((need - partial) / smallest.sizeKg));
    if (fill > smallest.quantity) return;
    const full = [...counts.slice(0, -1), fill];
    const kg = partial + fill * smallest.sizeKg;
    const packs = full.reduce((sum, n) => sum + n, 0);
    if (
      !best ||
      kg < best.kg ||
      (kg === best.kg && packs < best.packs) ||
      (kg === best.kg && packs === best.packs && largerFirst(full, best.counts))
    ) {
      best = { counts: full, kg, packs };
    }
  };
  const walk = (k: number) => {
    if (k === others.length) return consider();
    // More packs of one size than it takes to reach `need` on their own can never be the smallest cover.
    const most = Math.min(others[k].quantity, Math.ceil(need / others[k].sizeKg));
    for (let n = 0; n <= most; n++) {
      counts[k] = n;
      walk(k + 1);
    }
    counts[k] = 0;
  };
  walk(0);
  if (!best) throw new RangeError('the lines do not hold enough to cover the need');
  const result = new Array<number>(lines.length).fill(0);
  bySizeDesc.forEach((line, k) => (result[line.index] = best!.counts[k]));
  return result;
}

/** True when `a` cuts more of the larger packs than `b` (both listed largest size first). */
function largerFirst(a: number[], b: number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] > b[k];
  return false;
}
