import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { CancelReason, Fulfilment, OrderStatus } from '../orders/order-status.enum';
import { waveMilestoneSql } from '../waves/wave-state.service';
import { PUBLISHED_UNCLOSED, UNWORKED_WAVE_STATES } from '../waves/wave-status.enum';
import { waveStatesSql, waveTakesOrdersSql } from '../waves/wave-transitions';

/** An order as a desk action sees it: locked, with what the action needs to know about its wave. */
export interface DeskOrder {
  id: string;
  wave_id: string;
  dropping_point_id: string;
  buyer_id: string;
  status: OrderStatus;
  fulfilment: Fulfilment;
  pickup_code: string;
  total_kg: number;
  total_rp: number;
  cancel_reason: CancelReason | null;
  /** The wave's payment deadline has passed (database clock). */
  deadline_passed: boolean;
  /** The wave takes orders right now, so kg given back can still be sold. */
  wave_open: boolean;
}

/** Where an order belongs: the desk of its wave and point. */
export interface OrderPlace {
  waveId: string;
  droppingPointId: string;
}

/** A wave serving a point, as the desk pages list it. */
export interface PointWave {
  id: string;
  name: string;
  status: string;
  hand_out_date: string;
}

/** What an Idempotency-Key was first used for, and the answer stored with it. */
export interface EarlierRequest<T> {
  requestHash: string;
  response: T;
}

/** The unpaid orders of a wave locked by the payment deadline sweep. */
export interface UnpaidBatch {
  orderIds: string[];
  /** The wave takes orders right now, so the kg go back to it. */
  waveOpen: boolean;
}

/**
 * What the desk reads and writes around its actions: points, orders' places and locked rows,
 * the idempotency keys, the payment deadline sweep and the desk pages' waves.
 */
@Injectable()
export class DeskRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async pointExists(pointId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM dropping_points WHERE id = $1', [pointId]);
    return rows.length > 0;
  }

  /** The point's name and address; null for an unknown point. */
  async point(pointId: string): Promise<{ id: string; name: string; address: string } | null> {
    const rows: { id: string; name: string; address: string }[] = await this.dataSource.query(
      'SELECT id, name, address FROM dropping_points WHERE id = $1',
      [pointId],
    );
    return rows[0] ?? null;
  }

  /** The points an officer works at, by name. */
  pointsOfOfficer(userId: string): Promise<DroppingPoint[]> {
    return this.dataSource
      .getRepository(DroppingPoint)
      .createQueryBuilder('dp')
      .innerJoin('officer_dropping_points', 'odp', 'odp.dropping_point_id = dp.id AND odp.user_id = :userId', { userId })
      .orderBy('dp.name')
      .getMany();
  }

  /** The point's waves that an officer works (published, not cancelled), the latest hand-out first. */
  wavesServing(pointId: string): Promise<PointWave[]> {
    return this.dataSource.query(
      `SELECT w.id, w.name, w.status, w.hand_out_date::text AS hand_out_date
         FROM waves w JOIN wave_dropping_points wdp ON wdp.wave_id = w.id
        WHERE wdp.dropping_point_id = $1 AND w.status NOT IN ${waveStatesSql(UNWORKED_WAVE_STATES)}
        ORDER BY w.hand_out_date DESC, w.opens_at DESC`,
      [pointId],
    );
  }

  /** The other points serving the wave, by name. */
  otherPointsOf(waveId: string, pointId: string): Promise<{ id: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT dp.id, dp.name FROM wave_dropping_points wdp JOIN dropping_points dp ON dp.id = wdp.dropping_point_id
        WHERE wdp.wave_id = $1 AND dp.id <> $2 ORDER BY dp.name`,
      [waveId, pointId],
    );
  }

  /** Null for an unknown order. */
  async orderPlace(orderId: string): Promise<OrderPlace | null> {
    const rows: { wave_id: string; dropping_point_id: string }[] = await this.dataSource.query(
      'SELECT wave_id, dropping_point_id FROM orders WHERE id = $1',
      [orderId],
    );
    return rows.length === 0 ? null : { waveId: rows[0].wave_id, droppingPointId: rows[0].dropping_point_id };
  }

  /** The order row locked (FOR UPDATE), with its wave's deadline and whether it takes orders. */
  async lockOrder(manager: EntityManager, orderId: string): Promise<DeskOrder> {
    const rows: DeskOrder[] = await manager.query(
      `SELECT o.id, o.wave_id, o.dropping_point_id, o.buyer_id, o.status, o.fulfilment, o.pickup_code, o.total_kg,
              o.total_rp::float8 AS total_rp, o.cancel_reason,
              w.payment_deadline <= now() AS deadline_passed,
              ${waveTakesOrdersSql('w')} AS wave_open
         FROM orders o JOIN waves w ON w.id = o.wave_id
        WHERE o.id = $1 FOR UPDATE OF o`,
      [orderId],
    );
    return rows[0];
  }

  async orderStatus(manager: EntityManager, orderId: string): Promise<OrderStatus> {
    const [{ status }]: { status: OrderStatus }[] = await manager.query('SELECT status FROM orders WHERE id = $1', [orderId]);
    return status;
  }

  /** The pickup code of an order known to exist. */
  async pickupCode(orderId: string): Promise<string> {
    const rows: { pickup_code: string }[] = await this.dataSource.query('SELECT pickup_code FROM orders WHERE id = $1', [orderId]);
    return rows[0].pickup_code;
  }

  /** The order's pickup code when the order is the buyer's, else null. */
  async buyersPickupCode(orderId: string, buyerId: string | undefined): Promise<string | null> {
    const rows: { pickup_code: string }[] = await this.dataSource.query('SELECT pickup_code FROM orders WHERE id = $1 AND buyer_id = $2', [
      orderId,
      buyerId,
    ]);
    return rows[0]?.pickup_code ?? null;
  }

  /** Claims the key for the request; false when it was claimed before (a retry, or a concurrent one now committed). */
  async claimIdempotencyKey(manager: EntityManager, userId: string, key: string, action: string, requestHash: string): Promise<boolean> {
    const claimed: unknown[] = await manager.query(
      `INSERT INTO desk_idempotency_keys (user_id, key, action, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`,
      [userId, key, action, requestHash],
    );
    return claimed.length > 0;
  }

  async earlierRequest<T>(manager: EntityManager, userId: string, key: string): Promise<EarlierRequest<T>> {
    const [earlier]: { request_hash: string; response: T }[] = await manager.query(
      'SELECT request_hash, response FROM desk_idempotency_keys WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    return { requestHash: earlier.request_hash, response: earlier.response };
  }

  async storeIdempotentAnswer(manager: EntityManager, userId: string, key: string, answer: unknown): Promise<void> {
    await manager.query('UPDATE desk_idempotency_keys SET response = $3 WHERE user_id = $1 AND key = $2', [
      userId,
      key,
      JSON.stringify(answer),
    ]);
  }

  /** Waves whose payment deadline passed and that the sweep has not marked done yet, the earliest deadline first. */
  async wavesPastPaymentDeadline(): Promise<string[]> {
    const waves: { id: string }[] = await this.dataSource.query(
      `SELECT w.id FROM waves w
        WHERE w.payment_deadline <= now() AND w.status NOT IN ${waveStatesSql(UNWORKED_WAVE_STATES)}
          AND NOT ${waveMilestoneSql('w', 'payment_deadline')}
        ORDER BY w.payment_deadline`,
    );
    return waves.map((wave) => wave.id);
  }

  /** Up to `limit` unpaid orders of the wave past its payment deadline, locked (FOR UPDATE); null when none is left. */
  async lockUnpaidPastDeadline(manager: EntityManager, waveId: string, limit: number): Promise<UnpaidBatch | null> {
    const rows: { id: string; wave_open: boolean }[] = await manager.query(
      `SELECT o.id, wave_takes_orders(w, now()) AS wave_open
         FROM orders o JOIN waves w ON w.id = o.wave_id
        WHERE o.wave_id = $1 AND o.status = 'placed' AND w.payment_deadline <= now()
        ORDER BY o.id LIMIT $2 FOR UPDATE OF o`,
      [waveId, limit],
    );
    if (rows.length === 0) return null;
    return { orderIds: rows.map((row) => row.id), waveOpen: rows[0].wave_open };
  }

  /** The deadline passed, the wave no longer takes orders and none of its orders is unpaid. */
  async paymentDeadlineSettled(manager: EntityManager, waveId: string): Promise<boolean> {
    const [settled]: { done: boolean }[] = await manager.query(
      `SELECT w.payment_deadline <= now()
              AND (w.status NOT IN ${waveStatesSql(PUBLISHED_UNCLOSED)} OR w.closes_at <= now())
              AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.wave_id = w.id AND o.status = 'placed') AS done
         FROM waves w WHERE w.id = $1`,
      [waveId],
    );
    return settled?.done ?? false;
  }
}
