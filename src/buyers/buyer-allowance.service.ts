import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { WavesService } from '../waves/waves.service';
import { ProductAllowance, productAllowance } from './allowance';

/** What a buyer sees before ordering: per product of a wave, what is left and what they may still order. */
@Injectable()
export class BuyerAllowanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
  ) {}

  /** A wave the buyer may see (NOT_FOUND otherwise, as GET /waves/:id), with the stock left read now. */
  async forWave(waveId: string, user: AuthUser): Promise<{ waveId: string; products: ProductAllowance[] }> {
    const wave = await this.waves.get(waveId, user);
    const offers = wave.products ?? [];
    const [ordered, left] = await Promise.all([
      this.orderedKg(
        user.buyerId!,
        offers.map((offer) => offer.id),
      ),
      this.dataSource.query<{ wave_product_id: string; remaining_kg: number }[]>(
        `SELECT s.wave_product_id, sum(s.remaining_kg)::int AS remaining_kg FROM wave_capacity_slices s
          WHERE s.wave_product_id = ANY ($1) GROUP BY 1`,
        [offers.map((offer) => offer.id)],
      ),
    ]);
    return {
      waveId,
      products: offers.map((offer) =>
        productAllowance({
          waveProductId: offer.id,
          name: offer.product?.name ?? '',
          remainingKg: left.find((row) => row.wave_product_id === offer.id)?.remaining_kg ?? 0,
          perBuyerLimitKg: offer.perBuyerLimitKg,
          orderedKg: ordered.get(offer.id) ?? 0,
          packSizesKg: (offer.packs ?? []).map((pack) => pack.sizeKg),
        }),
      ),
    };
  }

  /** The kg the buyer's standing orders hold per wave product (their quota rows; absent: nothing ordered). */
  async orderedKg(buyerId: string, waveProductIds: string[]): Promise<Map<string, number>> {
    if (waveProductIds.length === 0) return new Map();
    const rows: { wave_product_id: string; ordered_kg: number }[] = await this.dataSource.query(
      'SELECT wave_product_id, ordered_kg FROM buyer_quotas WHERE buyer_id = $1 AND wave_product_id = ANY ($2)',
      [buyerId, waveProductIds],
    );
    return new Map(rows.map((row) => [row.wave_product_id, row.ordered_kg]));
  }
}
