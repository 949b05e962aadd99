import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrderStatus } from '../orders/order-status.enum';
import type { DeskOrder } from './desk.repository';
import { PaymentMethod } from './payment.entity';
import { PAYMENT_SELECT, PaymentRow } from './payment.view';

/** A payment that makes its order paid: what was paid, and who holds the money. */
export interface StandingPayment {
  method: PaymentMethod;
  amountRp: number;
  reference: string | null;
  /** Who holds the money: the officer at the desk, or the gateway's system account for QRIS from the phone. */
  receivedById: string;
}

/** Where a payment belongs: its order, and the desk of the order's wave and point. */
export interface PaymentPlace {
  orderId: string;
  waveId: string;
  droppingPointId: string;
}

/** A payment and its order, both locked for a reversal. */
export interface LockedPayment {
  orderStatus: OrderStatus;
  reversedAt: Date | null;
  method: PaymentMethod;
  amountRp: number;
}

/** Payments recorded at the desk and by the gateway: the standing one of an order, and the reversed ones. */
@Injectable()
export class DeskPaymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the order's standing payment; the partial unique index refuses a second one (a unique violation on order_id). */
  async addStanding(manager: EntityManager, order: DeskOrder, payment: StandingPayment): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO payments (order_id, wave_id, dropping_point_id, method, amount_rp, reference, received_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [order.id, order.wave_id, order.dropping_point_id, payment.method, payment.amountRp, payment.reference, payment.receivedById],
    );
    return id;
  }

  /** Null for an unknown payment. */
  async placeOf(paymentId: string): Promise<PaymentPlace | null> {
    const rows: { order_id: string; wave_id: string; dropping_point_id: string }[] = await this.dataSource.query(
      'SELECT order_id, wave_id, dropping_point_id FROM payments WHERE id = $1',
      [paymentId],
    );
    return rows.length === 0 ? null : { orderId: rows[0].order_id, waveId: rows[0].wave_id, droppingPointId: rows[0].dropping_point_id };
  }

  /** Locks the order row, then the payment row (FOR UPDATE, in this order). */
  async lockForReversal(manager: EntityManager, orderId: string, paymentId: string): Promise<LockedPayment> {
    const orders: { status: OrderStatus }[] = await manager.query('SELECT status FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    const payments: { reversed_at: Date | null; method: PaymentMethod; amount_rp: string }[] = await manager.query(
      'SELECT reversed_at, method, amount_rp FROM payments WHERE id = $1 FOR UPDATE',
      [paymentId],
    );
    return {
      orderStatus: orders[0].status,
      reversedAt: payments[0].reversed_at,
      method: payments[0].method,
      amountRp: Number(payments[0].amount_rp),
    };
  }

  /** Takes a standing payment back (a reversed one keeps its first reversal). */
  async markReversed(manager: EntityManager, paymentId: string, reversedById: string, reason: string): Promise<void> {
    await manager.query(
      'UPDATE payments SET reversed_at = now(), reversed_by_id = $2, reversal_reason = $3 WHERE id = $1 AND reversed_at IS NULL',
      [paymentId, reversedById, reason],
    );
  }

  /** A payment now stands for less (a voucher's payment cut with its order by a shortfall). */
  async setAmount(manager: EntityManager, paymentId: string, amountRp: number): Promise<void> {
    await manager.query('UPDATE payments SET amount_rp = $2 WHERE id = $1', [paymentId, amountRp]);
  }

  /** Whether a payment of the order was reversed (the buyer was paid back that way). */
  async anyReversed(manager: EntityManager, orderId: string): Promise<boolean> {
    const [{ refunded }]: { refunded: boolean }[] = await manager.query(
      'SELECT EXISTS (SELECT 1 FROM payments WHERE order_id = $1 AND reversed_at IS NOT NULL) AS refunded',
      [orderId],
    );
    return refunded;
  }

  /** Every payment of an order, the reversed ones too, oldest first. */
  ofOrder(orderId: string): Promise<PaymentRow[]> {
    return this.dataSource.query(`${PAYMENT_SELECT} WHERE p.order_id = $1 ORDER BY p.received_at`, [orderId]);
  }

  /** Null for an unknown payment. */
  async one(paymentId: string, manager: EntityManager = this.dataSource.manager): Promise<PaymentRow | null> {
    const rows: PaymentRow[] = await manager.query(`${PAYMENT_SELECT} WHERE p.id = $1`, [paymentId]);
    return rows[0] ?? null;
  }
}
