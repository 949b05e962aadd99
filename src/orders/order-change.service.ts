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
import { WaveOffer, WaveOfferCache } from './wave-offer.cache';

/** Where and how an order is received: what a buyer may change before paying. */
export interface OrderReceipt {
  droppingPointId: string;
  fulfilment: Fulfilment;
  deliveryAddress: string | null;
  deliveryLatitude: number | null;
  deliveryLongitude: number | null;
}

interface LockedOrder {
  wave_id: string;
  status: OrderStatus;
  tally_shard: number;
  wave_open: boolean;
  dropping_point_id: string;
  fulfilment: Fulfilment;
  delivery_address: string | null;
  delivery_latitude: string | null;
  delivery_longitude: string | null;
}

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
    // The wave held FOR KEY SHARE, as the order engine does: a closing transition waits for this change.
    const rows: LockedOrder[] = await manager.query(
      `SELECT o.wave_id, o.status, o.tally_shard, o.dropping_point_id, o.fulfilment, o.delivery_address,
              o.delivery_latitude, o.delivery_longitude, wave_takes_orders(w, clock_timestamp()) AS wave_open
         FROM orders o JOIN waves w ON w.id = o.wave_id
        WHERE o.id = $1 AND o.buyer_id = $2
          FOR UPDATE OF o FOR KEY SHARE OF w`,
      [orderId, user.buyerId],
    );
    if (rows.length === 0) throw DomainError.notFound('Order');
    const order = rows[0];
    if (order.status !== OrderStatus.Placed) {
      throw new DomainError(
        ErrorCode.OrderNotChangeable,
        `Only an unpaid order can be changed; this one is ${order.status.replace(/_/g, ' ')}: ask the officer of its point`,
      );
    }
    if (!order.wave_open) throw new DomainError(ErrorCode.WaveNotOpen, 'Orders can be changed only while the wave takes orders');
    const before = receiptOf(order);
    const after = nextReceipt(before, dto, await this.offers.get(order.wave_id));
    if (sameReceipt(before, after)) return;
    await manager.query(
      `UPDATE orders SET dropping_point_id = $2, fulfilment = $3, delivery_address = $4, delivery_latitude = $5, delivery_longitude = $6
        WHERE id = $1`,
      [orderId, after.droppingPointId, after.fulfilment, after.deliveryAddress, after.deliveryLatitude, after.deliveryLongitude],
    );
    if (after.droppingPointId !== before.droppingPointId) {
      const params = [orderId, order.wave_id, order.tally_shard, before.droppingPointId, after.droppingPointId];
      await manager.query(MOVE_PACK_TALLIES_SQL, params);
      await manager.query(MOVE_POINT_TALLIES_SQL, params);
    }
    await this.audit.record(manager, {
      action: 'order.changed',
      entityType: 'order',
      entityId: orderId,
      orderId,
      waveId: order.wave_id,
      droppingPointId: after.droppingPointId,
      before: changedFields(before, after, before),
      after: changedFields(before, after, after),
    });
  }
}

function receiptOf(order: LockedOrder): OrderReceipt {
  return {
    droppingPointId: order.dropping_point_id,
    fulfilment: order.fulfilment,
    deliveryAddress: order.delivery_address,
    deliveryLatitude: order.delivery_latitude === null ? null : Number(order.delivery_latitude),
    deliveryLongitude: order.delivery_longitude === null ? null : Number(order.delivery_longitude),
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

// The order's counts leave the old point's shard row and join the new point's (created on first
// use, as the order engine does). Rows are touched in the engine's order (pack tallies, then point
// tallies; within each, by key), so a batch and a change rarely wait on each other the other way round.
const MOVE_PACK_TALLIES_SQL = `
WITH moved AS (
  SELECT i.wave_pack_id, p.point, sum(i.quantity) * p.sign AS packs
    FROM order_items i
   CROSS JOIN (VALUES ($4::uuid, -1), ($5::uuid, 1)) AS p(point, sign)
   WHERE i.order_id = $1
   GROUP BY i.wave_pack_id, p.point, p.sign
)
INSERT INTO wave_pack_tallies (wave_pack_id, dropping_point_id, shard, wave_id, packs)
SELECT wave_pack_id, point, $3, $2, greatest(packs, 0) FROM moved ORDER BY wave_pack_id, point
ON CONFLICT (wave_pack_id, dropping_point_id, shard) DO UPDATE
   SET packs = wave_pack_tallies.packs + (SELECT m.packs FROM moved m
                                           WHERE m.wave_pack_id = EXCLUDED.wave_pack_id AND m.point = EXCLUDED.dropping_point_id)`;

const MOVE_POINT_TALLIES_SQL = `
WITH o AS (SELECT total_kg, total_rp FROM orders WHERE id = $1),
moved AS (
  SELECT p.point, p.sign, o.total_kg * p.sign AS kg, o.total_rp * p.sign AS rp
    FROM o CROSS JOIN (VALUES ($4::uuid, -1), ($5::uuid, 1)) AS p(point, sign)
)
INSERT INTO wave_point_tallies (wave_id, dropping_point_id, shard, orders_count, kg, value_rp)
SELECT $2, point, $3, greatest(sign, 0), greatest(kg, 0), greatest(rp, 0) FROM moved ORDER BY point
ON CONFLICT (wave_id, dropping_point_id, shard) DO UPDATE
   SET orders_count = wave_point_tallies.orders_count + (SELECT m.sign FROM moved m WHERE m.point = EXCLUDED.dropping_point_id),
       kg = wave_point_tallies.kg + (SELECT m.kg FROM moved m WHERE m.point = EXCLUDED.dropping_point_id),
       value_rp = wave_point_tallies.value_rp + (SELECT m.rp FROM moved m WHERE m.point = EXCLUDED.dropping_point_id)`;
