import { Injectable } from '@nestjs/common';
import { toWib } from '../common/time';
import { effectiveStatus } from '../waves/wave-status';
import { Wave } from '../waves/wave.entity';
import { WavesRepository } from '../waves/waves.repository';
import { OrdersRepository, PackTally } from './orders.repository';

/**
 * The live summary of a wave, read from the sharded tallies that orders keep up to date: its cost
 * depends on the number of products, packs and points, not on the number of orders.
 */
@Injectable()
export class WaveSummaryService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly waves: WavesRepository,
  ) {}

  async summarise(wave: Wave) {
    const [packs, points, products] = await Promise.all([
      this.orders.packTallies(wave.id),
      this.orders.pointTallies(wave.id),
      this.waves.productCapacities(wave.id),
    ]);
    const packsOf = (filter: (row: PackTally) => boolean) => packsByProductAndSize(packs.filter(filter));
    const productPacks = (waveProductId: string) => packsBySize(packs.filter((pack) => pack.waveProductId === waveProductId));
    return {
      waveId: wave.id,
      name: wave.name,
      status: effectiveStatus(wave),
      generatedAt: toWib(new Date()),
      totals: {
        orders: points.reduce((sum, point) => sum + point.orders, 0),
        kg: points.reduce((sum, point) => sum + point.kg, 0),
        valueRp: points.reduce((sum, point) => sum + point.valueRp, 0),
        packs: packsOf(() => true),
      },
      products: products.map((product) => ({
        waveProductId: product.waveProductId,
        name: product.name,
        capacityKg: product.capacityKg,
        // From the same tallies as the totals: cancellations and cuts after closing leave the capacity as sold.
        orderedKg: productPacks(product.waveProductId).reduce((sum, pack) => sum + pack.kg, 0),
        remainingKg: product.remainingKg,
        packs: productPacks(product.waveProductId),
      })),
      droppingPoints: points.map((point) => ({
        ...point,
        packs: packsOf((pack) => pack.droppingPointId === point.droppingPointId),
      })),
    };
  }
}

/** Packs per product and size: a 5 kg pack of rice and one of sugar are never added up. */
function packsByProductAndSize(rows: PackTally[]) {
  const products = [...new Map(rows.map((row) => [row.waveProductId, row.productName])).entries()].sort(([, a], [, b]) =>
    a.localeCompare(b),
  );
  return products.flatMap(([waveProductId, productName]) =>
    packsBySize(rows.filter((row) => row.waveProductId === waveProductId)).map((pack) => ({ waveProductId, productName, ...pack })),
  );
}

function packsBySize(rows: PackTally[]): { sizeKg: number; packs: number; kg: number }[] {
  const bySize = new Map<number, number>();
  for (const row of rows) bySize.set(row.sizeKg, (bySize.get(row.sizeKg) ?? 0) + row.packs);
  return [...bySize.entries()].sort(([a], [b]) => a - b).map(([sizeKg, packs]) => ({ sizeKg, packs, kg: sizeKg * packs }));
}
