import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { Role } from '../users/role.enum';
import type { Wave } from '../waves/wave.entity';
import type { WaveSummaryService } from './wave-summary.service';

type Summary = Awaited<ReturnType<WaveSummaryService['summarise']>>;
type PointPack = Summary['droppingPoints'][number]['packs'][number];

/** What a caller may see of a wave's figures: every product and point, or only some. */
export interface SummaryScope {
  waveProductIds?: Set<string>;
  droppingPointIds?: Set<string>;
}

/**
 * An administrator sees all; a cooperative manager the products of their cooperative (and per point
 * only those products' packs and kg: orders and rupiah per point mix cooperatives and are left out);
 * an officer the points they serve (an officer of no point in the wave does not see it).
 */
export function summaryScopeOf(user: AuthUser, wave: Wave, officerPointIds: string[]): SummaryScope {
  if (user.role === Role.CoopManager) {
    return {
      waveProductIds: new Set(
        (wave.products ?? []).filter((offer) => offer.product?.cooperativeId === user.cooperativeId).map((offer) => offer.id),
      ),
    };
  }
  if (user.role === Role.Officer) {
    const served = new Set(officerPointIds);
    const points = (wave.droppingPoints ?? []).filter((point) => served.has(point.id)).map((point) => point.id);
    if (points.length === 0) throw DomainError.notFound('Wave');
    return { droppingPointIds: new Set(points) };
  }
  return {};
}

export function scopeSummary(summary: Summary, scope: SummaryScope) {
  if (scope.waveProductIds) return byProducts(summary, scope.waveProductIds);
  if (scope.droppingPointIds) return byPoints(summary, scope.droppingPointIds);
  return summary;
}

function byProducts(summary: Summary, ids: Set<string>) {
  const own = (pack: { waveProductId: string }) => ids.has(pack.waveProductId);
  const packs = summary.totals.packs.filter(own);
  return {
    ...summary,
    totals: { kg: sumKg(packs), packs },
    products: summary.products.filter((product) => ids.has(product.waveProductId)),
    droppingPoints: summary.droppingPoints.map((point) => {
      const pointPacks = point.packs.filter(own);
      return { droppingPointId: point.droppingPointId, name: point.name, kg: sumKg(pointPacks), packs: pointPacks };
    }),
  };
}

function byPoints(summary: Summary, ids: Set<string>) {
  const points = summary.droppingPoints.filter((point) => ids.has(point.droppingPointId));
  const packs = mergePacks(points.flatMap((point) => point.packs));
  return {
    ...summary,
    totals: {
      orders: points.reduce((sum, point) => sum + point.orders, 0),
      kg: points.reduce((sum, point) => sum + point.kg, 0),
      valueRp: points.reduce((sum, point) => sum + point.valueRp, 0),
      packs,
    },
    // Capacity stays the wave's; what was ordered is what the officer's points ordered.
    products: summary.products.map((product) => {
      const own = packs
        .filter((pack) => pack.waveProductId === product.waveProductId)
        .map(({ sizeKg, packs: count, kg }) => ({ sizeKg, packs: count, kg }));
      return { ...product, orderedKg: sumKg(own), packs: own };
    }),
    droppingPoints: points,
  };
}

function mergePacks(packs: PointPack[]): PointPack[] {
  const merged = new Map<string, PointPack>();
  for (const pack of packs) {
    const key = `${pack.waveProductId}:${pack.sizeKg}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, packs: seen.packs + pack.packs, kg: seen.kg + pack.kg } : { ...pack });
  }
  return [...merged.values()].sort((a, b) => a.productName.localeCompare(b.productName) || a.sizeKg - b.sizeKg);
}

const sumKg = (packs: { kg: number }[]) => packs.reduce((sum, pack) => sum + pack.kg, 0);
