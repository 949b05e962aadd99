import { DomainError, ErrorCode } from '../common/domain-error';
import { formatKg } from '../common/weight';

/** One offer of a wave set against what its cooperative can supply over the wave's order window. */
export interface OfferAgainstSupply {
  /** Position in the wave's products, so the refusal names the field. */
  index: number;
  productId: string;
  productName: string;
  /** The cooperative's word for the product (products.available_kg). */
  availableKg: number;
  /** Held by the other waves whose order windows overlap this one's (HOLDS_CAPACITY). */
  heldKg: number;
  requestedKg: number;
}

export interface CapacityShortfall {
  field: string;
  messages: string[];
  productId: string;
  productName: string;
  availableKg: number;
  heldKg: number;
  /** What this wave may still offer of the product: never below zero. */
  leftKg: number;
  requestedKg: number;
}

/** Every offer that asks for more than the cooperative has left after the overlapping waves. */
export function capacityShortfalls(offers: readonly OfferAgainstSupply[]): CapacityShortfall[] {
  return offers
    .filter((offer) => offer.heldKg + offer.requestedKg > offer.availableKg)
    .map((offer) => {
      const leftKg = Math.max(0, offer.availableKg - offer.heldKg);
      const message =
        `${offer.productName}: ${formatKg(offer.availableKg)} available, ${formatKg(offer.heldKg)} held by overlapping waves, ` +
        `${formatKg(leftKg)} left; this wave asks ${formatKg(offer.requestedKg)}`;
      return {
        field: `products.${offer.index}.capacityKg`,
        messages: [message],
        productId: offer.productId,
        productName: offer.productName,
        availableKg: offer.availableKg,
        heldKg: offer.heldKg,
        leftKg,
        requestedKg: offer.requestedKg,
      };
    });
}

export function capacityUnavailable(shortfalls: CapacityShortfall[]): DomainError {
  return new DomainError(ErrorCode.CapacityUnavailable, shortfalls.map((shortfall) => shortfall.messages[0]).join('; '), shortfalls);
}
