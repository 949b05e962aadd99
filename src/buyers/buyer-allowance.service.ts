import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { OrdersRepository } from '../orders/orders.repository';
import { WavesRepository } from '../waves/waves.repository';
import { WavesService } from '../waves/waves.service';
import { ProductAllowance, productAllowance } from './allowance';

/** What a buyer sees before ordering: per product of a wave, what is left and what they may still order. */
@Injectable()
export class BuyerAllowanceService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly waves: WavesService,
    private readonly capacity: WavesRepository,
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
      this.capacity.remainingKg(offers.map((offer) => offer.id)),
    ]);
    return {
      waveId,
      products: offers.map((offer) =>
        productAllowance({
          waveProductId: offer.id,
          name: offer.product?.name ?? '',
          remainingKg: left.get(offer.id) ?? 0,
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
    return this.orders.orderedKg(buyerId, waveProductIds);
  }
}
