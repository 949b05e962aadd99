import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrderStatus } from '../orders/order-status.enum';
import { AWAITING_HAND_OVER_STATES, HANDED_OVER_STATES, PAID_ORDER_STATES } from '../orders/order-transitions';
import { normalisePickupCode } from '../orders/pickup-code';
import { voucherCoveredRpSql } from '../vouchers/voucher-cover';
import { HandoverStatus, ListDeskOrdersQuery, PaymentStatus } from './dto/list-desk-orders.query';
import { handedInPartSql } from './handover.repository';
import type { PackQuantity } from './receipts.repository';
import { gatewayRefundsOwedSql, orderRefundOwedSql, refundsPaidOutSql } from './refund-owed';

export interface OrderedPack {
  packId: string;
  productName: string;
  sizeKg: number;
  quantity: number;
}

/** One order as the desk shows it: the buyer, the packs, the standing payment, the hand-over and the money owed back. */
export interface DeskOrderRecord {
  id: string;
  waveId: string;
  droppingPointId: string;
  pickupCode: string;
  status: OrderStatus;
  fulfilment: string;
  deliveryAddress: string | null;
  totalKg: number;
  totalRp: number;
  /** What vouchers pay of the order. */
  voucherRp: number;
  cancelReason: string | null;
  placedAt: Date;
  cancelledAt: Date | null;
  buyer: { id: string; nip: string; name: string; agency: string; phone: string };
  items: OrderedPack[];
  /** The standing payment, if any. */
  payment: { id: string; method: string; amountRp: number; reference: string | null; receivedAt: Date; receivedBy: string } | null;
  handover: { handedOverAt: Date; handedOverBy: string } | null;
  /** Packs that reached the buyer before the whole order (goods-progress.ts). */
  handedInPart: PackQuantity[];
  /** Owed back on the order and its unsettled gateway refunds. */
  refundOwedRp: number;
  /** Paid back in cash at the desk. */
  refundPaidRp: number;
}

export interface PickupListHeader {
  pointName: string;
  pointAddress: string;
  waveName: string;
  handOutDate: string;
}

/** The orders of a dropping point as the desk lists, searches and prints them. */
@Injectable()
export class DeskOrdersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the point's orders, filtered and searched, by buyer name; `total` counts every match. */
  async page(pointId: string, query: ListDeskOrdersQuery): Promise<{ items: DeskOrderRecord[]; total: number }> {
    const where = ['o.dropping_point_id = $1'];
    const params: unknown[] = [pointId];
    const add = (clause: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (query.waveId) add((p) => `o.wave_id = ${p}`, query.waveId);
    if (query.status) add((p) => `o.status = ${p}`, query.status);
    if (query.paymentStatus) addPaymentFilter(query.paymentStatus, add, where);
    if (query.handoverStatus) addHandoverFilter(query.handoverStatus, add, where);
    const q = query.q?.trim();
    if (q) {
      params.push(normalisePickupCode(q), `${escapeLike(q.replace(/\s+/g, ''))}%`, `%${escapeLike(q)}%`);
      const n = params.length;
      where.push(`(o.pickup_code = $${n - 2} OR b.nip LIKE $${n - 1} OR b.name ILIKE $${n})`);
    }
    params.push(query.limit ?? 100, query.offset ?? 0);
    const rows: DeskOrderRow[] = await this.dataSource.query(
      `${DESK_ORDER_SELECT} WHERE ${where.join(' AND ')} ORDER BY b.name, o.pickup_code, o.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(deskOrderRecord), total: rows.length > 0 ? Number(rows[0].total_count) : 0 };
  }

  /** Null for an unknown order. */
  async one(orderId: string, manager: EntityManager = this.dataSource.manager): Promise<DeskOrderRecord | null> {
    const rows: DeskOrderRow[] = await manager.query(`${DESK_ORDER_SELECT} WHERE o.id = $1`, [orderId]);
    return rows.length === 0 ? null : deskOrderRecord(rows[0]);
  }

  /** The point's and the wave's names for the printed list; null for an unknown wave. */
  async pickupListHeader(pointId: string, waveId: string): Promise<PickupListHeader | null> {
    const headers: { point_name: string; point_address: string; wave_name: string; hand_out_date: string }[] = await this.dataSource.query(
      `SELECT dp.name AS point_name, dp.address AS point_address, w.name AS wave_name, w.hand_out_date::text AS hand_out_date
         FROM waves w JOIN dropping_points dp ON dp.id = $2 WHERE w.id = $1`,
      [waveId, pointId],
    );
    if (headers.length === 0) return null;
    const h = headers[0];
    return { pointName: h.point_name, pointAddress: h.point_address, waveName: h.wave_name, handOutDate: h.hand_out_date };
  }

  /** Every standing (not cancelled) order of the point in the wave, by buyer name. */
  async standing(pointId: string, waveId: string): Promise<DeskOrderRecord[]> {
    const rows: DeskOrderRow[] = await this.dataSource.query(
      `${DESK_ORDER_SELECT} WHERE o.dropping_point_id = $1 AND o.wave_id = $2 AND o.status <> 'cancelled' ORDER BY b.name, o.pickup_code, o.id`,
      [pointId, waveId],
    );
    return rows.map(deskOrderRecord);
  }

  /** The point's order in the wave with this pickup code (normalised), through the unique (wave, pickup code) index. */
  async byPickupCode(pointId: string, waveId: string, pickupCode: string): Promise<DeskOrderRecord[]> {
    const rows: DeskOrderRow[] = await this.dataSource.query(
      `${DESK_ORDER_SELECT} WHERE o.wave_id = $1 AND o.pickup_code = $2 AND o.dropping_point_id = $3`,
      [waveId, pickupCode, pointId],
    );
    return rows.map(deskOrderRecord);
  }

  /**
   * The point's orders in the wave whose buyer's name, NIP or phone contains `text` (as
   * BUYER_SEARCH_TEXT spells it), by buyer name, at most `limit`, through the trigram index.
   */
  async byBuyerText(pointId: string, waveId: string, text: string, limit: number): Promise<DeskOrderRecord[]> {
    // The page of ids is chosen first, so the order rows (with their packs) are built for it alone.
    const rows: DeskOrderRow[] = await this.dataSource.query(
      `WITH page AS (
         SELECT o.id, b.name, o.pickup_code FROM buyers b JOIN orders o ON o.buyer_id = b.id
          WHERE ${BUYER_SEARCH_TEXT} LIKE $3 AND o.wave_id = $1 AND o.dropping_point_id = $2
          ORDER BY b.name, o.pickup_code, o.id LIMIT $4
       )
       ${DESK_ORDER_SELECT} JOIN page ON page.id = o.id
       ORDER BY page.name, page.pickup_code, o.id`,
      [waveId, pointId, `%${escapeLike(text)}%`, limit],
    );
    return rows.map(deskOrderRecord);
  }
}

/**
 * The text a buyer is found by: the expression of the trigram index idx_buyers_desk_search
 * (migration DeskIdempotencyAndSearch), written identically so the planner uses it.
 */
const BUYER_SEARCH_TEXT = `(lower(b.name) || ' ' || b.nip || ' ' || regexp_replace(b.phone, '[^0-9]', '', 'g'))`;

function addPaymentFilter(status: PaymentStatus, add: (clause: (p: string) => string, value: unknown) => void, where: string[]): void {
  switch (status) {
    case 'unpaid':
      add((p) => `o.status = ${p}`, OrderStatus.Placed);
      return;
    case 'paid':
      add((p) => `o.status = ANY (${p})`, PAID_ORDER_STATES);
      return;
    case 'refund_due':
      where.push(`o.status = 'cancelled' AND pay.id IS NOT NULL AND ${orderRefundOwedSql('o')} > 0`);
      return;
    case 'refunded':
      where.push(`o.status = 'cancelled' AND pay.id IS NOT NULL AND ${orderRefundOwedSql('o')} <= 0`);
      return;
    case 'cancelled':
      where.push(`o.status = 'cancelled' AND pay.id IS NULL`);
      return;
  }
}

function addHandoverFilter(status: HandoverStatus, add: (clause: (p: string) => string, value: unknown) => void, where: string[]): void {
  if (status === 'pending') add((p) => `o.status = ANY (${p})`, AWAITING_HAND_OVER_STATES);
  else if (status === 'partial') {
    add((p) => `o.status = ANY (${p})`, AWAITING_HAND_OVER_STATES);
    where.push(`${handedInPartSql('o.id')}::jsonb <> '[]'::jsonb`);
  } else if (status === 'handed_over') add((p) => `o.status = ANY (${p})`, HANDED_OVER_STATES);
  else where.push(`o.status = 'cancelled'`);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface DeskOrderRow {
  id: string;
  wave_id: string;
  dropping_point_id: string;
  pickup_code: string;
  status: OrderStatus;
  fulfilment: string;
  delivery_address: string | null;
  total_kg: number;
  total_rp: string;
  voucher_rp: string;
  cancel_reason: string | null;
  placed_at: Date;
  cancelled_at: Date | null;
  buyer_id: string;
  nip: string;
  buyer_name: string;
  agency: string;
  phone: string;
  items: OrderedPack[] | null;
  payment_id: string | null;
  payment_method: string | null;
  payment_amount_rp: string | null;
  payment_reference: string | null;
  paid_at: Date | null;
  paid_to: string | null;
  handed_over_at: Date | null;
  handed_over_by: string | null;
  handed_in_part: PackQuantity[] | null;
  refund_owed_rp: string;
  refund_paid_rp: string;
  total_count: string;
}

/** One order row as the desk shows it; callers add WHERE / ORDER BY. */
const DESK_ORDER_SELECT = `
SELECT o.id, o.wave_id, o.dropping_point_id, o.pickup_code, o.status, o.fulfilment, o.delivery_address, o.total_kg, o.total_rp,
       ${voucherCoveredRpSql('o.id')} AS voucher_rp, o.cancel_reason, o.placed_at, o.cancelled_at,
       b.id AS buyer_id, b.nip, b.name AS buyer_name, b.agency, b.phone,
       (SELECT json_agg(json_build_object('packId', i.wave_pack_id, 'productName', p.name, 'sizeKg', i.size_kg, 'quantity', i.quantity)
                        ORDER BY p.name, i.size_kg)
          FROM order_items i JOIN wave_products wp ON wp.id = i.wave_product_id JOIN products p ON p.id = wp.product_id
         WHERE i.order_id = o.id) AS items,
       pay.id AS payment_id, pay.method AS payment_method, pay.amount_rp AS payment_amount_rp, pay.reference AS payment_reference,
       pay.received_at AS paid_at, pu.username AS paid_to,
       h.handed_over_at, hu.username AS handed_over_by,
       ${handedInPartSql('o.id')} AS handed_in_part,
       ${orderRefundOwedSql('o')} + ${gatewayRefundsOwedSql('o')} AS refund_owed_rp, ${refundsPaidOutSql('o')} AS refund_paid_rp,
       count(*) OVER () AS total_count
  FROM orders o
  JOIN buyers b ON b.id = o.buyer_id
  LEFT JOIN payments pay ON pay.order_id = o.id AND pay.reversed_at IS NULL
  LEFT JOIN users pu ON pu.id = pay.received_by_id
  LEFT JOIN order_handovers h ON h.order_id = o.id
  LEFT JOIN users hu ON hu.id = h.handed_over_by_id`;

function deskOrderRecord(row: DeskOrderRow): DeskOrderRecord {
  return {
    id: row.id,
    waveId: row.wave_id,
    droppingPointId: row.dropping_point_id,
    pickupCode: row.pickup_code,
    status: row.status,
    fulfilment: row.fulfilment,
    deliveryAddress: row.delivery_address,
    totalKg: row.total_kg,
    totalRp: Number(row.total_rp),
    voucherRp: Number(row.voucher_rp),
    cancelReason: row.cancel_reason,
    placedAt: row.placed_at,
    cancelledAt: row.cancelled_at,
    buyer: { id: row.buyer_id, nip: row.nip, name: row.buyer_name, agency: row.agency, phone: row.phone },
    items: row.items ?? [],
    payment: row.payment_id
      ? {
          id: row.payment_id,
          method: row.payment_method as string,
          amountRp: Number(row.payment_amount_rp),
          reference: row.payment_reference,
          receivedAt: row.paid_at as Date,
          receivedBy: row.paid_to as string,
        }
      : null,
    handover: row.handed_over_at ? { handedOverAt: row.handed_over_at, handedOverBy: row.handed_over_by as string } : null,
    handedInPart: row.handed_in_part ?? [],
    refundOwedRp: Number(row.refund_owed_rp),
    refundPaidRp: Number(row.refund_paid_rp),
  };
}
