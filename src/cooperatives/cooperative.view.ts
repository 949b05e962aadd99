import { ApiProperty } from '@nestjs/swagger';
import { toWib } from '../common/time';
import type { Cooperative } from './cooperative.entity';
import type { Product } from './product.entity';

export class ProductPackView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  sizeKg: number;

  @ApiProperty()
  priceRp: number;
}

export class ProductView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  cooperativeId: string;

  @ApiProperty()
  commodity: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  pricePerKgRp: number;

  @ApiProperty()
  availableKg: number;

  @ApiProperty({ type: () => [ProductPackView] })
  packs: ProductPackView[];
}

export class CooperativeView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  region: string;

  @ApiProperty()
  phone: string;

  @ApiProperty({ type: () => [ProductView] })
  products: ProductView[];

  @ApiProperty()
  createdAt: string;
}

export function productView(product: Product): ProductView {
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

export function cooperativeView(cooperative: Cooperative): CooperativeView {
  return {
    id: cooperative.id,
    name: cooperative.name,
    region: cooperative.region,
    phone: cooperative.phone,
    products: (cooperative.products ?? []).map(productView),
    createdAt: toWib(cooperative.createdAt),
  };
}
