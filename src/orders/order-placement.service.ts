import { Injectable, Logger } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { requestHash } from '../common/idempotency-key';
import { isTransientConflict, retrying } from '../database/retry';
import { assertDeliverable } from '../delivery/delivery-area';
import { WaveLifecycleService } from '../waves/wave-lifecycle.service';
import { ProductCapacity, WavesRepository } from '../waves/waves.repository';
import { PlaceOrderDto } from './dto/place-order.dto';
import { BatchOrder, OrderBatcher, TALLY_SHARDS } from './order-batcher';
import { buyerLimitExceeded, capacityExceeded, PricedOrder, priceOrder } from './order-lines';
import { Fulfilment, OrderStatus } from './order-status.enum';
import { OrderItem } from './order-item.entity';
import { Order } from './order.entity';
import { newPickupCode } from './pickup-code';
import { OrdersRepository } from './orders.repository';
import { WaveOfferCache } from './wave-offer.cache';

const MAX_ATTEMPTS = 4;
const SHORT_AGAIN = 3;
/** How long what is left of a wave's products is reused for CAPACITY_EXCEEDED answers, and for how many waves. */
const LEFT_MEMO_MS = 1000;
const LEFT_MEMO_WAVES = 100;

export interface Placement {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key made this order. */
  replayed: boolean;
}

interface Attempt {
  orderId: string;
  waveId: string;
  buyerId: string;
  dto: PlaceOrderDto;
  priced: PricedOrder;
  idempotencyKey: string | null;
  requestHash: string;
  shard: number;
  pickupCode: string;
}

/**
 * The order path the wave-opening rush runs through. The order is priced from the wave's offer in
 * memory, then placed by the one order engine, the database function place_order_batch
 * (src/orders/sql): with the orders that arrive with it in one batch (OrderBatcher: one statement
 * and one commit for many orders), or, for what a batch could not settle, alone and waiting for
 * its locks. The engine inserts the order only while the wave takes orders from the buyer's
 * agency, adds to the buyer's quota (a CHECK enforces the limit), writes the items, takes the kg
 * from capacity slices and adds to the sharded tallies. Every rule is also a constraint, so
 * concurrency can never oversell or exceed a limit.
 */
@Injectable()
export class OrderPlacementService {
  private readonly logger = new Logger(OrderPlacementService.name);
  private readonly leftMemo = new Map<string, { at: number; left: Promise<ProductCapacity[]> }>();
  private readonly soldOutChecks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly orders: OrdersRepository,
    private readonly waves: WavesRepository,
    private readonly offers: WaveOfferCache,
    private readonly lifecycle: WaveLifecycleService,
    private readonly batcher: OrderBatcher,
  ) {}

  async place(waveId: string, user: AuthUser, dto: PlaceOrderDto, idempotencyKey: string | null): Promise<Placement> {
    const offer = await this.offers.get(waveId);
    if (!offer.droppingPointIds.has(dto.droppingPointId)) {
      throw DomainError.validation('droppingPointId', 'droppingPointId is not a dropping point of this wave');
    }
    if (dto.fulfilment === Fulfilment.Delivery)
      assertDeliverable(offer.deliveryAreas.get(dto.droppingPointId)!, dto.deliveryLatitude, dto.deliveryLongitude);
    const priced = priceOrder(offer, dto.items);
    const attempt: Attempt = {
      orderId: randomUUID(),
      waveId,
      buyerId: user.buyerId!,
      dto,
      priced,
      idempotencyKey,
      requestHash: placementHash(waveId, dto),
      shard: randomInt(TALLY_SHARDS),
      pickupCode: newPickupCode(),
    };
    const order = batchOrder(attempt);
    let batched = await this.batcher.place(order);
    // 'short': the capacity it needs is held by batches in flight; once they commit, it is either
    // free again or sold, and the next batch can tell.
    for (let again = 1; batched.kind === 'short' && again <= SHORT_AGAIN; again++) batched = await this.batcher.place(order, true);
    switch (batched.kind) {
      case 'placed':
        attempt.shard = batched.shard;
        return { order: placedOrder(attempt, batched.placedAt), replayed: false };
      case 'limit':
        throw buyerLimitExceeded();
      case 'refused':
        return this.explainRefusal(attempt);
      case 'sold_out':
        this.checkSoldOut(attempt.waveId);
        throw await this.capacityError(attempt);
      case 'short':
        return this.placeAlone(attempt);
      case 'retry':
        attempt.pickupCode = newPickupCode();
        return this.placeAlone(attempt);
    }
  }

  /**
   * One order alone, through the same engine as a batch but waiting for its locks: what a batch
   * handed back ('short', 'retry'). A deadlock or a taken pickup code is tried again.
   */
  private placeAlone(attempt: Attempt): Promise<Placement> {
    return retrying(
      async () => {
        const outcome = await this.batcher.placeAlone(batchOrder(attempt), attempt.shard);
        switch (outcome.kind) {
          case 'placed':
            return { order: placedOrder(attempt, outcome.placedAt), replayed: false };
          case 'limit':
            throw buyerLimitExceeded();
          case 'refused':
            return this.explainRefusal(attempt);
          case 'sold_out':
          case 'short':
            this.checkSoldOut(attempt.waveId);
            throw await this.capacityError(attempt);
          case 'retry':
            attempt.pickupCode = newPickupCode();
            throw new PickupCodeTaken(attempt.orderId);
        }
      },
      { times: MAX_ATTEMPTS, retryable: (error) => error instanceof PickupCodeTaken || isTransientConflict(error) },
    );
  }

  /**
   * Why the order row was not inserted: a batch whose answer was lost (its connection dropped after
   * the commit) placed it after all, and that order stands; an idempotent replay; or a wave that
   * does not take this order.
   */
  private async explainRefusal(attempt: Attempt): Promise<Placement> {
    const placed = await this.orders.withItems(attempt.orderId);
    if (placed) return { order: placed, replayed: false };
    if (attempt.idempotencyKey) {
      const earlier = await this.orders.byIdempotencyKey(attempt.buyerId, attempt.idempotencyKey);
      if (earlier) {
        if (earlier.requestHash !== attempt.requestHash) {
          throw new DomainError(ErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used for a different order');
        }
        return { order: (await this.orders.withItems(earlier.id))!, replayed: true };
      }
    }
    const wave = await this.orders.waveFacing(attempt.waveId, attempt.buyerId);
    if (!wave) throw DomainError.notFound('Wave');
    if (!wave.eligible) throw new DomainError(ErrorCode.AgencyNotEligible, 'This wave is not open to your agency');
    if (wave.closedReason === 'sold_out') throw await this.capacityError(attempt);
    throw new DomainError(ErrorCode.WaveNotOpen, 'The wave is not open for orders');
  }

  /**
   * CAPACITY_EXCEEDED naming each product of the order that has too little left, and how much it
   * has. What is left is read once a second per wave at most: after a sell-out many orders ask.
   */
  private async capacityError(attempt: Attempt): Promise<DomainError> {
    let memo = this.leftMemo.get(attempt.waveId);
    if (!memo || Date.now() - memo.at > LEFT_MEMO_MS) {
      memo = {
        at: Date.now(),
        left: this.waves.productCapacities(attempt.waveId),
      };
      this.leftMemo.set(attempt.waveId, memo);
      if (this.leftMemo.size > LEFT_MEMO_WAVES) this.leftMemo.delete(this.leftMemo.keys().next().value!);
    }
    const left = await memo.left.catch((): ProductCapacity[] => []);
    return capacityExceeded(
      attempt.priced.demand.flatMap((demand) => {
        const product = left.find((row) => row.waveProductId === demand.waveProductId);
        return product && product.remainingKg < demand.kg
          ? [{ waveProductId: demand.waveProductId, product: product.name, requestedKg: demand.kg, remainingKg: product.remainingKg }]
          : [];
      }),
    );
  }

  /** At most one sold-out check per wave at a time from this instance: near the end many orders ask. */
  private checkSoldOut(waveId: string): void {
    if (this.soldOutChecks.has(waveId)) return;
    const check = this.lifecycle
      .closeIfSoldOut(waveId)
      .catch((error) => this.logger.warn({ err: error, waveId }, 'Sold-out check failed'))
      .finally(() => this.soldOutChecks.delete(waveId));
    this.soldOutChecks.set(waveId, check);
  }
}

/** The delivery fields as stored: set only for a home delivery. */
function deliveryOf(dto: PlaceOrderDto): { address: string | null; latitude: number | null; longitude: number | null } {
  const delivery = dto.fulfilment === Fulfilment.Delivery;
  return {
    address: delivery ? dto.deliveryAddress! : null,
    latitude: delivery ? (dto.deliveryLatitude ?? null) : null,
    longitude: delivery ? (dto.deliveryLongitude ?? null) : null,
  };
}

function batchOrder(a: Attempt): BatchOrder {
  const delivery = deliveryOf(a.dto);
  return {
    id: a.orderId,
    wave_id: a.waveId,
    buyer_id: a.buyerId,
    dropping_point_id: a.dto.droppingPointId,
    fulfilment: a.dto.fulfilment,
    delivery_address: delivery.address,
    delivery_latitude: delivery.latitude,
    delivery_longitude: delivery.longitude,
    pickup_code: a.pickupCode,
    total_kg: a.priced.totalKg,
    total_rp: a.priced.totalRp,
    idempotency_key: a.idempotencyKey,
    request_hash: a.requestHash,
    products: a.priced.demand.map((d) => ({
      wave_product_id: d.waveProductId,
      kg: d.kg,
      limit_kg: d.limitKg,
      start_no: randomInt(d.sliceCount),
    })),
    items: a.priced.lines.map((l) => ({
      wave_pack_id: l.wavePackId,
      wave_product_id: l.waveProductId,
      size_kg: l.sizeKg,
      quantity: l.quantity,
      unit_price_rp: l.unitPriceRp,
      kg: l.kg,
      amount_rp: l.amountRp,
    })),
  };
}

/** The order as it was just committed, built from what the request already holds: no read-back. */
function placedOrder(a: Attempt, placedAt: Date): Order {
  const delivery = deliveryOf(a.dto);
  return Object.assign(new Order(), {
    id: a.orderId,
    waveId: a.waveId,
    buyerId: a.buyerId,
    droppingPointId: a.dto.droppingPointId,
    fulfilment: a.dto.fulfilment,
    deliveryAddress: delivery.address,
    deliveryLatitude: delivery.latitude,
    deliveryLongitude: delivery.longitude,
    pickupCode: a.pickupCode,
    status: OrderStatus.Placed,
    totalKg: a.priced.totalKg,
    totalRp: a.priced.totalRp,
    idempotencyKey: a.idempotencyKey,
    requestHash: a.requestHash,
    tallyShard: a.shard,
    cancelReason: null,
    cancelledAt: null,
    placedAt,
    items: a.priced.lines.map((line) => Object.assign(new OrderItem(), { orderId: a.orderId, ...line })),
  });
}

/** Canonical hash of what was asked, so the same Idempotency-Key with another body is told apart. */
function placementHash(waveId: string, dto: PlaceOrderDto): string {
  const canonical = {
    waveId,
    droppingPointId: dto.droppingPointId,
    fulfilment: dto.fulfilment,
    deliveryAddress: dto.deliveryAddress ?? null,
    deliveryLatitude: dto.deliveryLatitude ?? null,
    deliveryLongitude: dto.deliveryLongitude ?? null,
    items: [...dto.items].sort((a, b) => (a.packId < b.packId ? -1 : 1)).map((item) => [item.packId, item.quantity]),
  };
  return requestHash(canonical);
}

/** The order's random pickup code was taken by another order of the point: it runs again with a new one. */
class PickupCodeTaken extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} could not be placed: every pickup code it drew was taken`);
  }
}
