import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { parseTimestamp, toWib, wibDate } from '../common/time';
import { CooperativesRepository } from '../cooperatives/cooperatives.repository';
import { Role } from '../users/role.enum';
import { sliceCountFor, splitCapacity } from './capacity-slices';
import { capacityShortfalls, capacityUnavailable } from './capacity-holds';
import { CopyWaveDto, CreateWaveDto, UpdateWaveDto, WaveProductDto, WaveScheduleDto } from './dto/create-wave.dto';
import { WaveLifecycleService } from './wave-lifecycle.service';
import { WavePack } from './wave-pack.entity';
import { WaveStateService } from './wave-state.service';
import { WaveProduct } from './wave-product.entity';
import { WaveStatus } from './wave-status.enum';
import { Wave } from './wave.entity';
import { WavesRepository } from './waves.repository';

interface Schedule {
  opensAt: Date;
  closesAt: Date;
  paymentDeadline: Date;
  handOutDate: string;
}

@Injectable()
export class WavesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: WaveLifecycleService,
    private readonly agencies: AgenciesService,
    private readonly state: WaveStateService,
    private readonly waves: WavesRepository,
    private readonly cooperatives: CooperativesRepository,
  ) {}

  async create(dto: CreateWaveDto, copiedFromId: string | null = null): Promise<Wave> {
    const schedule = readSchedule(dto);
    const id = await this.dataSource.transaction(async (manager) => {
      const waveId = randomUUID();
      const { points, offers, agencies } = await this.checkedContents(manager, waveId, dto, schedule);
      return this.waves.insert(manager, {
        id: waveId,
        name: dto.name,
        ...schedule,
        agencies,
        droppingPoints: points,
        products: offers,
        copiedFromId,
      });
    });
    return this.get(id);
  }

  /** A new draft with the same offers, points and agencies as `sourceId`, on new dates. */
  async copy(sourceId: string, dto: CopyWaveDto): Promise<Wave> {
    const { droppingPointIds, agencies, products } = contentsOf(await this.get(sourceId));
    return this.create({ ...dto, droppingPointIds, agencies, products }, sourceId);
  }

  /**
   * Edits a draft with the rules of creating it: the fields given replace the draft's, `products`
   * the whole list of offers (a draft has no orders, so its offers are simply made anew).
   */
  async update(id: string, change: UpdateWaveDto): Promise<Wave> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockDraft(manager, id, 'edited');
      const current = (await this.waves.withPointsAndPacks(id, manager))!;
      const dto: CreateWaveDto = { ...contentsOf(current), ...definedFields(change) };
      const schedule = readSchedule(dto);
      const { points, offers, agencies } = await this.checkedContents(manager, id, dto, schedule);
      await this.waves.replaceDraft(manager, id, { name: dto.name, ...schedule, agencies, droppingPoints: points }, offers);
    });
    return this.get(id);
  }

  /**
   * Deletes a draft and what it owns (offers, packs, points, timeline: the foreign keys cascade).
   * Not a transition: the wave never existed for anyone but the administrator. Only a draft, so
   * nothing that refers to a published wave (orders, payments, purchase orders) can be lost.
   */
  async deleteDraft(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockDraft(manager, id, 'deleted');
      await this.waves.deleteDraft(manager, id);
    });
  }

  /** Buyers see published waves open to their agency; staff see every wave. */
  list(user: AuthUser, status?: WaveStatus): Promise<Wave[]> {
    return this.waves.list({
      status,
      ...(user.role === Role.Buyer ? { buyerId: user.buyerId ?? null } : {}),
      ...(user.role === Role.CoopManager ? { cooperativeId: user.cooperativeId ?? null } : {}),
    });
  }

  async get(id: string, user?: AuthUser): Promise<Wave> {
    const wave = await this.waves.withContents(id);
    if (!wave || (user && !(await this.maySee(user, wave)))) throw DomainError.notFound('Wave');
    return wave;
  }

  /** draft -> scheduled: the offers are frozen and the capacity is laid out in slices. */
  async publish(id: string): Promise<Wave> {
    await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.lockForWrite(manager, id);
      if (!wave) throw DomainError.notFound('Wave');
      if (wave.status !== WaveStatus.Draft)
        throw DomainError.invalidTransition(`Only a draft wave can be published; this one is ${wave.status}`);
      if (wave.closesAt <= (await this.waves.now(manager)))
        throw DomainError.validation('closesAt', 'closesAt has passed: a wave must close in the future to be published');
      const offers = await this.waves.offers(manager, id);
      await this.assertCapacityFits(manager, id, wave, offers);
      for (const offer of offers) {
        await this.waves.layOutSlices(manager, offer.id, splitCapacity(offer.capacityKg, sliceCountFor(offer.capacityKg)));
      }
      await this.state.transition(manager, id, WaveStatus.Scheduled, { from: [WaveStatus.Draft] });
    });
    const wave = await this.get(id);
    this.lifecycle.arm(wave);
    await this.lifecycle.sweep();
    return this.get(id);
  }

  async cancel(id: string, reason: string): Promise<Wave> {
    const wave = await this.get(id);
    const cancelled = await this.lifecycle.cancel(id, reason);
    if (!cancelled) throw DomainError.invalidTransition(`A ${wave.status} wave cannot be cancelled`);
    return this.get(id);
  }

  private async maySee(user: AuthUser, wave: Wave): Promise<boolean> {
    if (user.role === Role.Buyer && wave.status === WaveStatus.Cancelled) {
      return this.waves.wasPublished(wave.id);
    }
    if (user.role === Role.Buyer) return wave.status !== WaveStatus.Draft;
    if (user.role === Role.CoopManager) return (wave.products ?? []).some((offer) => offer.cooperativeId === user.cooperativeId);
    return true;
  }

  /** Locks the wave and refuses anything but a draft: once published, a wave's offers are what buyers were promised. */
  private async lockDraft(manager: EntityManager, id: string, what: 'edited' | 'deleted'): Promise<void> {
    const status = await this.waves.lockStatus(manager, id);
    if (status === null) throw DomainError.notFound('Wave');
    if (status !== WaveStatus.Draft)
      throw new DomainError(ErrorCode.WaveNotDraft, `Only a draft wave can be ${what}; this one is ${status}`, { status });
  }

  /** The points, offers and agencies of a wave about to be written, checked as creating checks them. */
  private async checkedContents(manager: EntityManager, waveId: string, dto: CreateWaveDto, schedule: Schedule) {
    const points = await this.waves.droppingPoints(manager, dto.droppingPointIds);
    if (points.length !== dto.droppingPointIds.length)
      throw DomainError.validation('droppingPointIds', 'droppingPointIds names an unknown dropping point');
    const offers = await this.buildOffers(manager, waveId, dto.products);
    const agencies = await this.agenciesOf(manager, dto.agencies ?? []);
    await this.assertCapacityFits(manager, waveId, schedule, offers);
    return { points, offers, agencies };
  }

  /**
   * The cooperatives' availableKg, less what the other waves over overlapping order windows hold
   * (HOLDS_CAPACITY), must cover each offer. The products stay locked until the caller commits,
   * so two administrators publishing at once are weighed one after the other.
   */
  private async assertCapacityFits(
    manager: EntityManager,
    waveId: string,
    window: Pick<Schedule, 'opensAt' | 'closesAt'>,
    offers: Pick<WaveProduct, 'productId' | 'capacityKg'>[],
  ): Promise<void> {
    const productIds = offers.map((offer) => offer.productId);
    const supply = await this.cooperatives.lockSupply(manager, productIds);
    // Read after the lock, in a statement of its own: it sees the waves the previous holder committed.
    const heldKg = await this.waves.heldKg(manager, productIds, waveId, window);
    const shortfalls = capacityShortfalls(
      offers.map((offer, index) => {
        const product = supply.get(offer.productId)!;
        return {
          index,
          productId: offer.productId,
          productName: product.name,
          availableKg: product.availableKg,
          heldKg: heldKg.get(offer.productId) ?? 0,
          requestedKg: offer.capacityKg,
        };
      }),
    );
    if (shortfalls.length > 0) throw capacityUnavailable(shortfalls);
  }

  /** The wave's agencies by their names on the list (buyers' agencies are stored the same way). */
  private async agenciesOf(manager: EntityManager, texts: string[]): Promise<string[]> {
    const names = await this.agencies.canonicalMany(manager, texts);
    const unknown = names.findIndex((name) => name === null);
    if (unknown >= 0)
      throw DomainError.validation(`agencies.${unknown}`, `agencies.${unknown} "${texts[unknown]}" is not on the list of agencies`);
    return [...new Set(names as string[])];
  }

  private async buildOffers(manager: EntityManager, waveId: string, dtos: WaveProductDto[]): Promise<WaveProduct[]> {
    const ids = dtos.map((dto) => dto.productId);
    if (new Set(ids).size !== ids.length) throw DomainError.validation('products', 'products must not repeat a productId');
    const products = await this.waves.productsWithPacks(manager, ids);
    const byId = new Map(products.map((product) => [product.id, product]));
    return dtos.map((dto, index) => {
      const product = byId.get(dto.productId);
      if (!product) throw DomainError.validation(`products.${index}.productId`, 'productId does not name a product');
      if (dto.perBuyerLimitKg > dto.capacityKg)
        throw DomainError.validation(`products.${index}.perBuyerLimitKg`, 'perBuyerLimitKg cannot exceed capacityKg');
      const sizes = dto.packSizesKg ?? (product.packs ?? []).map((pack) => pack.sizeKg);
      const packs = sizes.map((size) => {
        const pack = product.packs?.find((candidate) => candidate.sizeKg === size);
        if (!pack) throw DomainError.validation(`products.${index}.packSizesKg`, `the product has no ${size} kg pack`);
        return Object.assign(new WavePack(), { waveId, productPackId: pack.id, sizeKg: pack.sizeKg, priceRp: pack.priceRp });
      });
      const smallestKg = Math.min(...packs.map((pack) => pack.sizeKg));
      if (packs.length > 0 && dto.perBuyerLimitKg < smallestKg) {
        throw DomainError.validation(
          `products.${index}.perBuyerLimitKg`,
          `perBuyerLimitKg is below the smallest pack (${smallestKg} kg): nobody could order`,
        );
      }
      return Object.assign(new WaveProduct(), {
        productId: product.id,
        cooperativeId: product.cooperativeId,
        capacityKg: dto.capacityKg,
        perBuyerLimitKg: dto.perBuyerLimitKg,
        pricePerKgRp: product.pricePerKgRp,
        sliceCount: 1,
        packs,
      });
    });
  }
}

/** What a wave offers, where and to whom, in the shape of creating one. */
function contentsOf(wave: Wave): CreateWaveDto {
  return {
    name: wave.name,
    opensAt: toWib(wave.opensAt),
    closesAt: toWib(wave.closesAt),
    paymentDeadline: toWib(wave.paymentDeadline),
    handOutDate: wave.handOutDate,
    droppingPointIds: (wave.droppingPoints ?? []).map((point) => point.id),
    agencies: wave.agencies,
    products: (wave.products ?? []).map((offer) => ({
      productId: offer.productId,
      capacityKg: offer.capacityKg,
      perBuyerLimitKg: offer.perBuyerLimitKg,
      packSizesKg: (offer.packs ?? []).map((pack) => pack.sizeKg).sort((a, b) => a - b),
    })),
  };
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

function readSchedule(dto: WaveScheduleDto): Schedule {
  const opensAt = parseTimestamp(dto.opensAt);
  const closesAt = parseTimestamp(dto.closesAt);
  const paymentDeadline = parseTimestamp(dto.paymentDeadline);
  if (Number.isNaN(new Date(`${dto.handOutDate}T00:00:00Z`).getTime()))
    throw DomainError.validation('handOutDate', 'handOutDate is not a calendar date');
  if (closesAt <= opensAt) throw DomainError.validation('closesAt', 'closesAt must be after opensAt');
  if (paymentDeadline <= opensAt) throw DomainError.validation('paymentDeadline', 'paymentDeadline must be after opensAt');
  if (dto.handOutDate < wibDate(closesAt))
    throw DomainError.validation('handOutDate', 'handOutDate cannot be before the day the wave closes');
  return { opensAt, closesAt, paymentDeadline, handOutDate: dto.handOutDate };
}
