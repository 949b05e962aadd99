import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toWib } from '../common/time';
import { effectiveStatus } from '../waves/wave-status';
import { Wave } from '../waves/wave.entity';

interface PackRow {
  wave_pack_id: string;
  wave_product_id: string;
  product_name: string;
  size_kg: number;
  dropping_point_id: string;
  packs: string;
}

interface PointRow {
  dropping_point_id: string;
  name: string;
  orders: string;
  kg: string;
  value_rp: string;
}

interface ProductRow {
  id: string;
  name: string;
  capacity_kg: number;
  remaining_kg: string;
}

/**
 * The live summary of a wave, read from the sharded tallies that orders keep up to date: its cost
 * depends on the number of products, packs and points, not on the number of orders.
 */
@Injectable()
export class WaveSummaryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summarise(wave: Wave) {
    const [packs, points, products]: [PackRow[], PointRow[], ProductRow[]] = await Promise.all([
      this.dataSource.query(
        `SELECT t.wave_pack_id, p.wave_product_id, pr.name AS product_name, p.size_kg, t.dropping_point_id, sum(t.packs) AS packs
           FROM wave_pack_tallies t JOIN wave_packs p ON p.id = t.wave_pack_id
           JOIN wave_products wp ON wp.id = p.wave_product_id JOIN products pr ON pr.id = wp.product_id
          WHERE t.wave_id = $1 GROUP BY 1, 2, 3, 4, 5`,
        [wave.id],
      ),
      this.dataSource.query(
        `SELECT dp.id AS dropping_point_id, dp.name, coalesce(sum(t.orders_count), 0) AS orders, coalesce(sum(t.kg), 0) AS kg,
                coalesce(sum(t.value_rp), 0) AS value_rp
           FROM wave_dropping_points wdp JOIN dropping_points dp ON dp.id = wdp.dropping_point_id
           LEFT JOIN wave_point_tallies t ON t.wave_id = wdp.wave_id AND t.dropping_point_id = dp.id
          WHERE wdp.wave_id = $1 GROUP BY 1, 2 ORDER BY 2`,
        [wave.id],
      ),
      this.dataSource.query(
        `SELECT wp.id, p.name, wp.capacity_kg, coalesce((SELECT sum(s.remaining_kg) FROM wave_capacity_slices s WHERE s.wave_product_id = wp.id), wp.capacity_kg) AS remaining_kg
           FROM wave_products wp JOIN products p ON p.id = wp.product_id WHERE wp.wave_id = $1 ORDER BY p.name`,
        [wave.id],
      ),
    ]);
    const packsOf = (filter: (row: PackRow) => boolean) => packsByProductAndSize(packs.filter(filter));
    const productPacks = (waveProductId: string) => packsBySize(packs.filter((pack) => pack.wave_product_id === waveProductId));
    return {
      waveId: wave.id,
      name: wave.name,
      status: effectiveStatus(wave),
      generatedAt: toWib(new Date()),
      totals: {
        orders: points.reduce((sum, row) => sum + Number(row.orders), 0),
        kg: points.reduce((sum, row) => sum + Number(row.kg), 0),
        valueRp: points.reduce((sum, row) => sum + Number(row.value_rp), 0),
        packs: packsOf(() => true),
      },
      products: products.map((row) => ({
        waveProductId: row.id,
        name: row.name,
        capacityKg: row.capacity_kg,
        // From the same tallies as the totals: cancellations and cuts after closing leave the capacity as sold.
        orderedKg: productPacks(row.id).reduce((sum, pack) => sum + pack.kg, 0),
        remainingKg: Number(row.remaining_kg),
        packs: productPacks(row.id),
      })),
      droppingPoints: points.map((row) => ({
        droppingPointId: row.dropping_point_id,
        name: row.name,
        orders: Number(row.orders),
        kg: Number(row.kg),
        valueRp: Number(row.value_rp),
        packs: packsOf((pack) => pack.dropping_point_id === row.dropping_point_id),
      })),
    };
  }
}

/** Packs per product and size: a 5 kg pack of rice and one of sugar are never added up. */
function packsByProductAndSize(rows: PackRow[]) {
  const products = [...new Map(rows.map((row) => [row.wave_product_id, row.product_name])).entries()].sort(([, a], [, b]) =>
    a.localeCompare(b),
  );
  return products.flatMap(([waveProductId, productName]) =>
    packsBySize(rows.filter((row) => row.wave_product_id === waveProductId)).map((pack) => ({ waveProductId, productName, ...pack })),
  );
}

function packsBySize(rows: PackRow[]): { sizeKg: number; packs: number; kg: number }[] {
  const bySize = new Map<number, number>();
  for (const row of rows) bySize.set(row.size_kg, (bySize.get(row.size_kg) ?? 0) + Number(row.packs));
  return [...bySize.entries()].sort(([a], [b]) => a - b).map(([sizeKg, packs]) => ({ sizeKg, packs, kg: sizeKg * packs }));
}
