import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import type { DeliveryArea } from '../delivery/delivery-area';
import { WaveStatus } from '../waves/wave-status.enum';
import { WavesRepository } from '../waves/waves.repository';

export interface OfferedPack {
  id: string;
  waveProductId: string;
  sizeKg: number;
  priceRp: number;
}

export interface OfferedProduct {
  id: string;
  perBuyerLimitKg: number;
  sliceCount: number;
  smallestPackKg: number;
}

/** What a published wave offers: frozen at publication, so it can be kept in memory. */
export interface WaveOffer {
  waveId: string;
  packs: Map<string, OfferedPack>;
  products: Map<string, OfferedProduct>;
  droppingPointIds: Set<string>;
  /** Each point's home-delivery area (its coordinates and radius). */
  deliveryAreas: Map<string, DeliveryArea>;
}

const MAX_WAVES = 1000;

/**
 * Keeps published waves' offers in memory so placing an order reads nothing but what it must
 * lock. Drafts are not kept: they can still change, and they take no orders anyway.
 */
@Injectable()
export class WaveOfferCache {
  private readonly offers = new Map<string, Promise<WaveOffer>>();

  constructor(private readonly waves: WavesRepository) {}

  get(waveId: string): Promise<WaveOffer> {
    const cached = this.offers.get(waveId);
    if (cached) return cached;
    const loading = this.load(waveId).then(
      ({ offer, frozen }) => {
        if (!frozen) this.offers.delete(waveId);
        return offer;
      },
      (error) => {
        this.offers.delete(waveId);
        throw error;
      },
    );
    if (this.offers.size >= MAX_WAVES) this.offers.delete(this.offers.keys().next().value!);
    this.offers.set(waveId, loading);
    return loading;
  }

  private async load(waveId: string): Promise<{ offer: WaveOffer; frozen: boolean }> {
    const wave = await this.waves.withPointsAndPacks(waveId);
    if (!wave) throw DomainError.notFound('Wave');
    const packs = new Map<string, OfferedPack>();
    const products = new Map<string, OfferedProduct>();
    for (const offer of wave.products ?? []) {
      const offered = offer.packs ?? [];
      products.set(offer.id, {
        id: offer.id,
        perBuyerLimitKg: offer.perBuyerLimitKg,
        sliceCount: offer.sliceCount,
        smallestPackKg: Math.min(...offered.map((pack) => pack.sizeKg)),
      });
      for (const pack of offered) packs.set(pack.id, { id: pack.id, waveProductId: offer.id, sizeKg: pack.sizeKg, priceRp: pack.priceRp });
    }
    return {
      offer: {
        waveId,
        packs,
        products,
        droppingPointIds: new Set((wave.droppingPoints ?? []).map((point) => point.id)),
        deliveryAreas: new Map(
          (wave.droppingPoints ?? []).map((point) => [
            point.id,
            { name: point.name, latitude: point.latitude, longitude: point.longitude, radiusKm: point.deliveryRadiusKm },
          ]),
        ),
      },
      frozen: wave.status !== WaveStatus.Draft,
    };
  }
}
