import { DomainError, ErrorCode } from '../common/domain-error';
import type { OrderLineDto } from './dto/place-order.dto';
import type { WaveOffer } from './wave-offer.cache';

export interface PricedLine {
  wavePackId: string;
  waveProductId: string;
  sizeKg: number;
  quantity: number;
  unitPriceRp: number;
  kg: number;
  amountRp: number;
}

export interface ProductDemand {
  waveProductId: string;
  kg: number;
  limitKg: number;
  sliceCount: number;
  smallestPackKg: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  /** One entry per wave product, sorted by id so every order locks rows in the same order. */
  demand: ProductDemand[];
  totalKg: number;
  totalRp: number;
}

/** Prices an order's lines against a wave's offer; a pack of another wave or a repeated pack is refused by field. */
export function priceOrder(offer: WaveOffer, items: OrderLineDto[]): PricedOrder {
  const seen = new Set<string>();
  const lines = items.map((item, index) => {
    const pack = offer.packs.get(item.packId);
    if (!pack) throw DomainError.validation(`items.${index}.packId`, 'packId is not a pack of this wave');
    if (seen.has(item.packId))
      throw DomainError.validation(`items.${index}.packId`, 'each pack may appear once; raise its quantity instead');
    seen.add(item.packId);
    return {
      wavePackId: pack.id,
      waveProductId: pack.waveProductId,
      sizeKg: pack.sizeKg,
      quantity: item.quantity,
      unitPriceRp: pack.priceRp,
      kg: pack.sizeKg * item.quantity,
      amountRp: pack.priceRp * item.quantity,
    };
  });
  const kgByProduct = new Map<string, number>();
  for (const line of lines) kgByProduct.set(line.waveProductId, (kgByProduct.get(line.waveProductId) ?? 0) + line.kg);
  const demand = [...kgByProduct.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([waveProductId, kg]) => {
      const product = offer.products.get(waveProductId)!;
      if (kg > product.perBuyerLimitKg) throw buyerLimitExceeded(product.perBuyerLimitKg);
      return {
        waveProductId,
        kg,
        limitKg: product.perBuyerLimitKg,
        sliceCount: product.sliceCount,
        smallestPackKg: product.smallestPackKg,
      };
    });
  return {
    lines,
    demand,
    totalKg: lines.reduce((sum, line) => sum + line.kg, 0),
    totalRp: lines.reduce((sum, line) => sum + line.amountRp, 0),
  };
}

export function buyerLimitExceeded(limitKg?: number): DomainError {
  const limit = limitKg ? ` of ${limitKg} kg` : '';
  return new DomainError(ErrorCode.BuyerLimitExceeded, `This order would take you past the per-buyer limit${limit}`);
}

export interface Shortage {
  waveProductId: string;
  product: string;
  requestedKg: number;
  remainingKg: number;
}

/** Names each product that has too little left, and how much it has (the details say it for programs). */
export function capacityExceeded(shortages: Shortage[] = []): DomainError {
  if (shortages.length === 0) return new DomainError(ErrorCode.CapacityExceeded, 'Not enough stock left in this wave for this order');
  const what = shortages.map((s) => `${s.product}: tersisa ${s.remainingKg} kg, dipesan ${s.requestedKg} kg`).join('; ');
  return new DomainError(ErrorCode.CapacityExceeded, `Stok gelombang ini tidak cukup untuk pesanan ini (${what})`, shortages);
}
