import { toWib } from '../common/time';
import { describeRecurrenceRule } from './wave-recurrence';
import { effectiveStatus } from './wave-status';
import type { Wave } from './wave.entity';

export function waveView(wave: Wave, now = new Date()) {
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
