import { Injectable } from '@nestjs/common';
import { BuyersRepository } from '../../buyers/buyers.repository';
import { DomainError } from '../../common/domain-error';
import { effectiveStatus } from '../../waves/wave-status';
import { WaveStatus } from '../../waves/wave-status.enum';
import { waveOpenTo } from '../../waves/wave-transitions';
import type { Wave } from '../../waves/wave.entity';
import { WaveStockLevels, WavesRepository } from '../../waves/waves.repository';
import { WavesService } from '../../waves/waves.service';

export interface DisplayPack {
  id: string;
  sizeKg: number;
  priceRp: number;
}

export interface DisplayProduct {
  /** The wave product (offer) id. */
  id: string;
  name: string;
  perBuyerLimitKg: number;
  pricePerKgRp: number;
  smallestPackKg: number;
  packs: DisplayPack[];
}

export interface DisplayPoint {
  id: string;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  /** When buyers can collect there (free text), or null. */
  openingHours: string | null;
}

/** What the wave page shows of a published wave: frozen at publication, so kept in memory. */
export interface DisplayWave {
  id: string;
  name: string;
  opensAt: Date;
  closesAt: Date;
  handOutDate: string;
  paymentDeadline: Date;
  agencies: string[];
  points: DisplayPoint[];
  products: DisplayProduct[];
}

/** What changes while a wave runs (WaveStockLevels), and when it was read. */
export interface WaveStock extends WaveStockLevels {
  readAt: number;
}

/** How old the kg-left figure may be: one cheap query per wave per this interval per instance, however many buyers look. */
const STOCK_MAX_AGE_MS = 2000;
const MAX_WAVES = 500;
const MAX_BUYERS = 200_000;

/**
 * The wave page at the rush reads from the database per view only the buyer's own quota rows (by
 * primary key, for what they may still order): the published wave is kept
 * in memory (it cannot change), the kg left is read at most every 2 s per wave whoever asks (a
 * reader gets the last figure while a new one is read), and a buyer's agency is kept once read.
 */
@Injectable()
export class WaveDisplayCache {
  private readonly waves = new Map<string, Promise<DisplayWave>>();
  private readonly stocks = new Map<string, { current: WaveStock | null; reading: Promise<WaveStock> | null }>();
  private readonly agencies = new Map<string, Promise<string | null>>();

  constructor(
    private readonly wavesService: WavesService,
    private readonly wavesRepository: WavesRepository,
    private readonly buyers: BuyersRepository,
  ) {}

  /** A published wave the buyer's agency may see, or NOT_FOUND (drafts and other agencies' waves do not exist for them). */
  async forBuyer(waveId: string, buyerId: string): Promise<DisplayWave> {
    const [wave, agency] = await Promise.all([this.wave(waveId), this.agencyOf(buyerId)]);
    if (!waveOpenTo(wave, agency)) throw DomainError.notFound('Wave');
    return wave;
  }

  wave(waveId: string): Promise<DisplayWave> {
    const cached = this.waves.get(waveId);
    if (cached) return cached;
    const loading = this.wavesService.get(waveId).then((wave) => {
      // A draft can still change and buyers may not see it.
      if (wave.status === WaveStatus.Draft) throw DomainError.notFound('Wave');
      return toDisplay(wave);
    });
    loading.catch(() => this.waves.delete(waveId));
    if (this.waves.size >= MAX_WAVES) this.waves.delete(this.waves.keys().next().value!);
    this.waves.set(waveId, loading);
    return loading;
  }

  /**
   * The latest stock figure; waits only when there is none yet. With maxAgeMs 0 (explaining a
   * refusal) it waits for a new read, shared by every request asking meanwhile. With
   * waitWhenStale (the page script's "Sisa" poll) a figure older than maxAgeMs is not handed out:
   * the caller waits for the read it starts (still at most one read per wave every maxAgeMs).
   */
  async stock(waveId: string, maxAgeMs = STOCK_MAX_AGE_MS, waitWhenStale = false): Promise<WaveStock> {
    let entry = this.stocks.get(waveId);
    if (!entry) {
      if (this.stocks.size >= MAX_WAVES) this.stocks.delete(this.stocks.keys().next().value!);
      entry = { current: null, reading: null };
      this.stocks.set(waveId, entry);
    }
    const fresh = entry.current && Date.now() - entry.current.readAt < Math.max(maxAgeMs, 1);
    if (!fresh && !entry.reading) {
      const target = entry;
      target.reading = this.readStock(waveId).finally(() => (target.reading = null));
      target.reading.then(
        (stock) => (target.current = stock),
        () => undefined,
      );
    }
    return (maxAgeMs === 0 || waitWhenStale) && entry.reading ? entry.reading : (entry.current ?? entry.reading!);
  }

  status(wave: DisplayWave, stock: WaveStock, now = new Date()): WaveStatus {
    return effectiveStatus({ status: stock.status, opensAt: wave.opensAt, closesAt: wave.closesAt }, now);
  }

  private async readStock(waveId: string): Promise<WaveStock> {
    const stock = await this.wavesRepository.stock(waveId);
    if (!stock) throw DomainError.notFound('Wave');
    return { ...stock, readAt: Date.now() };
  }

  private agencyOf(buyerId: string): Promise<string | null> {
    const cached = this.agencies.get(buyerId);
    if (cached) return cached;
    const loading = this.buyers.agencyOf(buyerId);
    loading.catch(() => this.agencies.delete(buyerId));
    if (this.agencies.size >= MAX_BUYERS) this.agencies.delete(this.agencies.keys().next().value!);
    this.agencies.set(buyerId, loading);
    return loading;
  }
}

function toDisplay(wave: Wave): DisplayWave {
  return {
    id: wave.id,
    name: wave.name,
    opensAt: wave.opensAt,
    closesAt: wave.closesAt,
    handOutDate: wave.handOutDate,
    paymentDeadline: wave.paymentDeadline,
    agencies: wave.agencies,
    points: [...(wave.droppingPoints ?? [])]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((point) => ({
        id: point.id,
        name: point.name,
        address: point.address,
        latitude: point.latitude,
        longitude: point.longitude,
        openingHours: point.openingHours ?? null,
      })),
    products: (wave.products ?? []).map((offer) => {
      const packs = [...(offer.packs ?? [])]
        .sort((a, b) => a.sizeKg - b.sizeKg)
        .map((pack) => ({ id: pack.id, sizeKg: pack.sizeKg, priceRp: pack.priceRp }));
      return {
        id: offer.id,
        name: offer.product?.name ?? '',
        perBuyerLimitKg: offer.perBuyerLimitKg,
        pricePerKgRp: offer.pricePerKgRp,
        smallestPackKg: packs[0]?.sizeKg ?? 0,
        packs,
      };
    }),
  };
}
