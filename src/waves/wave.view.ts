import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { toWib } from '../common/time';
import { ProductPackView } from '../cooperatives/cooperative.view';
import { DroppingPointView } from '../dropping-points/dropping-point.view';
import { describeRecurrenceRule } from './wave-recurrence';
import { effectiveStatus } from './wave-status';
import { WaveStatus } from './wave-status.enum';
import type { Wave } from './wave.entity';

export class WaveDroppingPointView extends PickType(DroppingPointView, ['id', 'name', 'address'] as const) {}

export class WaveOfferView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  productId: string;

  @ApiProperty()
  cooperativeId: string;

  @ApiPropertyOptional()
  commodity?: string;

  @ApiPropertyOptional()
  name?: string;

  @ApiProperty()
  capacityKg: number;

  @ApiProperty()
  perBuyerLimitKg: number;

  @ApiProperty()
  pricePerKgRp: number;

  @ApiProperty({ type: () => [ProductPackView] })
  packs: ProductPackView[];
}

export class WaveView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: WaveStatus, enumName: 'WaveStatus' })
  status: WaveStatus;

  @ApiProperty()
  opensAt: string;

  @ApiProperty()
  closesAt: string;

  @ApiProperty()
  handOutDate: string;

  @ApiProperty()
  paymentDeadline: string;

  @ApiProperty({ type: [String] })
  agencies: string[];

  @ApiProperty({ type: () => [WaveDroppingPointView] })
  droppingPoints: WaveDroppingPointView[];

  @ApiProperty({ type: () => [WaveOfferView] })
  products: WaveOfferView[];

  @ApiProperty({ type: String, nullable: true })
  closedReason: string | null;

  @ApiProperty({ type: String, nullable: true })
  copiedFromId: string | null;

  @ApiProperty({ type: String, nullable: true })
  recurrenceRule: string | null;

  @ApiProperty({ type: String, nullable: true })
  recurrenceText: string | null;

  @ApiProperty()
  createdAt: string;
}

export function waveView(wave: Wave, now = new Date()): WaveView {
  return {
    id: wave.id,
    name: wave.name,
    status: effectiveStatus(wave, now),
    opensAt: toWib(wave.opensAt),
    closesAt: toWib(wave.closesAt),
    handOutDate: wave.handOutDate,
    paymentDeadline: toWib(wave.paymentDeadline),
    agencies: wave.agencies,
    droppingPoints: (wave.droppingPoints ?? []).map((point) => ({ id: point.id, name: point.name, address: point.address })),
    products: (wave.products ?? []).map((offer) => ({
      id: offer.id,
      productId: offer.productId,
      cooperativeId: offer.cooperativeId,
      commodity: offer.product?.commodity,
      name: offer.product?.name,
      capacityKg: offer.capacityKg,
      perBuyerLimitKg: offer.perBuyerLimitKg,
      pricePerKgRp: offer.pricePerKgRp,
      packs: [...(offer.packs ?? [])]
        .sort((a, b) => a.sizeKg - b.sizeKg)
        .map((pack) => ({ id: pack.id, sizeKg: pack.sizeKg, priceRp: pack.priceRp })),
    })),
    closedReason: wave.closedReason,
    copiedFromId: wave.copiedFromId,
    recurrenceRule: wave.recurrenceRule ?? null,
    recurrenceText: wave.recurrenceRule ? describeRecurrenceRule(wave.recurrenceRule) : null,
    createdAt: toWib(wave.createdAt),
  };
}
