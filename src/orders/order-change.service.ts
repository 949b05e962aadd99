import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { PgError, pgErrorCode } from '../common/postgres-errors';
import { assertDeliverable } from '../delivery/delivery-area';
import { ChangeOrderDto } from './dto/change-order.dto';
import { Fulfilment, OrderStatus } from './order-status.enum';
import { ChangeableOrder, OrderReceipt, OrdersRepository } from './orders.repository';
import { WaveOffer, WaveOfferCache } from './wave-offer.cache';

const MAX_ATTEMPTS = 3;

/**
 * A buyer changes the dropping point, pickup or delivery, or the delivery address of their own
 * unpaid order while its wave takes orders, without cancelling it: the items, kg, price, pickup code
 * (unique per wave, not per point), quota and capacity stay; the order's counts move from the old
 * point's summary tallies to the new point's in the same transaction; the status is not touched;
 * the change is an `order.changed` entry in the order's audit history.
 */
@Injectable()
export class OrderChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: WaveOfferCache,
    private readonly audit: AuditService,
    private readonly orders: OrdersRepository,
  ) {}

  async change(orderId: string, user: AuthUser, dto: ChangeOrderDto): Promise<void> {
    if (Object.values(dto).every((value) => value === undefined)) {
      throw DomainError.validation('body', 'send droppingPointId, fulfilment or deliveryAddress to change');
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.changeIn(manager, orderId, user, dto));
      } catch (error) {
        // Moving tallies between two points can meet a batch or another change locking them the other way round.
        if (attempt >= MAX_ATTEMPTS || pgErrorCode(error) !== PgError.DeadlockDetected) throw error;
      }
    }
  }

  private async changeIn(manager: EntityManager, orderId: string, user: AuthUser, dto: ChangeOrderDto): Promise<void> {
    const order = await this.orders.lockForChange(manager, orderId, user.buyerId ?? null);
    if (!order) throw DomainError.notFound('Order');
    if (order.status !== OrderStatus.Placed) {
      throw new DomainError(
        ErrorCode.OrderNotChangeable,
        `Only an unpaid order can be changed; this one is ${order.status.replace(/_/g, ' ')}: ask the officer of its point`,
      );
    }
    if (!order.waveOpen) throw new DomainError(ErrorCode.WaveNotOpen, 'Orders can be changed only while the wave takes orders');
    const before = receiptOf(order);
    const after = nextReceipt(before, dto, await this.offers.get(order.waveId));
    if (sameReceipt(before, after)) return;
    await this.orders.setReceipt(manager, orderId, after);
    if (after.droppingPointId !== before.droppingPointId) {
      await this.orders.moveTallies(
        manager,
        { id: orderId, waveId: order.waveId, tallyShard: order.tallyShard },
        before.droppingPointId,
        after.droppingPointId,
      );
    }
    await this.audit.record(manager, {
      action: 'order.changed',
      entityType: 'order',
      entityId: orderId,
      orderId,
      waveId: order.waveId,
      droppingPointId: after.droppingPointId,
      before: changedFields(before, after, before),
      after: changedFields(before, after, after),
    });
  }
}

function receiptOf(order: ChangeableOrder): OrderReceipt {
  return {
    droppingPointId: order.droppingPointId,
    fulfilment: order.fulfilment,
    deliveryAddress: order.deliveryAddress,
    deliveryLatitude: order.deliveryLatitude,
    deliveryLongitude: order.deliveryLongitude,
  };
}

/**
 * The receipt after the change, checked as an order is checked when placed: a point of the wave,
 * an address for a delivery, and the point's delivery radius on the coordinates.
 */
export function nextReceipt(before: OrderReceipt, dto: ChangeOrderDto, offer: Pick<WaveOffer, 'droppingPointIds' | 'deliveryAreas'>) {
  const droppingPointId = dto.droppingPointId ?? before.droppingPointId;
  if (!offer.droppingPointIds.has(droppingPointId)) {
    throw DomainError.validation('droppingPointId', 'droppingPointId is not a dropping point of this wave');
  }
  const fulfilment = dto.fulfilment ?? before.fulfilment;
  if (fulfilment === Fulfilment.Pickup) {
    return { droppingPointId, fulfilment, deliveryAddress: null, deliveryLatitude: null, deliveryLongitude: null };
  }
  const newAddress = dto.deliveryAddress !== undefined || before.fulfilment === Fulfilment.Pickup;
  const address = newAddress
    ? { address: dto.deliveryAddress, latitude: dto.deliveryLatitude, longitude: dto.deliveryLongitude }
    : {
        address: before.deliveryAddress ?? undefined,
        latitude: dto.deliveryLatitude ?? before.deliveryLatitude ?? undefined,
        longitude: dto.deliveryLongitude ?? before.deliveryLongitude ?? undefined,
      };
  if (address.address === undefined) throw DomainError.validation('deliveryAddress', 'deliveryAddress is required for home delivery');
  assertDeliverable(offer.deliveryAreas.get(droppingPointId)!, address.latitude, address.longitude);
  return {
    droppingPointId,
    fulfilment,
    deliveryAddress: address.address,
    deliveryLatitude: address.latitude ?? null,
    deliveryLongitude: address.longitude ?? null,
  };
}

function sameReceipt(a: OrderReceipt, b: OrderReceipt): boolean {
  return (Object.keys(a) as (keyof OrderReceipt)[]).every((key) => a[key] === b[key]);
}

/** Only the fields that changed, as they were in `side`: the history says what moved, not the whole order. */
function changedFields(before: OrderReceipt, after: OrderReceipt, side: OrderReceipt): Partial<OrderReceipt> {
  return Object.fromEntries(
    (Object.keys(side) as (keyof OrderReceipt)[]).filter((key) => before[key] !== after[key]).map((key) => [key, side[key]]),
  );
}
