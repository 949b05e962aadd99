import { toWib } from '../common/time';
import type { Cooperative } from './cooperative.entity';
import type { Product } from './product.entity';

export function productView(product: Product) {
  return {
    id: product.id,
    cooperativeId: product.cooperativeId,
    commodity: product.commodity,
    name: product.name,
    pricePerKgRp: product.pricePerKgRp,
    availableKg: product.availableKg,
    packs: [...(product.packs ?? [])]
      .sort((a, b) => a.sizeKg - b.sizeKg)
      .map((pack) => ({ id: pack.id, sizeKg: pack.sizeKg, priceRp: pack.priceRp })),
  };
}

export function cooperativeView(cooperative: Cooperative) {
  return {
    id: cooperative.id,
    name: cooperative.name,
    region: cooperative.region,
    phone: cooperative.phone,
    products: (cooperative.products ?? []).map(productView),
    createdAt: toWib(cooperative.createdAt),
  };
}
