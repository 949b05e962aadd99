import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { OrderStatus } from '../orders/order-status.enum';
import { HANDED_OVER_STATES, PAID_ORDER_STATES } from '../orders/order-transitions';
import { normalisePickupCode } from '../orders/pickup-code';
import { voucherCoveredRpSql } from '../vouchers/voucher-cover';
import { DeskTransactions } from './desk-transactions';
import { DeskRepository } from './desk.repository';
import { goodsProgress, handedInPartSql } from './goods-progress';
import { gatewayRefundsOwedSql, orderRefundOwedSql, refundsPaidOutSql } from './refund-owed';
import { HandoverStatus, ListDeskOrdersQuery, PaymentStatus } from './dto/list-desk-orders.query';

export interface DeskOrderRow {
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
  items: { packId: string; productName: string; sizeKg: number; quantity: number }[];
  payment_id: string | null;
  payment_method: string | null;
  payment_amount_rp: string | null;
  payment_reference: string | null;
  paid_at: Date | null;
  paid_to: string | null;
  handed_over_at: Date | null;
  handed_over_by: string | null;
  handed_in_part: { packId: string; quantity: number }[];
  refund_owed_rp: string;
  refund_paid_rp: string;
  total_count: string;
}

const PENDING: readonly OrderStatus[] = [OrderStatus.Placed, OrderStatus.Paid, OrderStatus.Ready];

export interface PickupListHeader {
  pointName: string;
  pointAddress: string;
  waveName: string;
  handOutDate: string;
}

@Injectable()
export class DeskOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: DeskTransactions,
    private readonly repository: DeskRepository,
  ) {}

  /** The orders of one dropping point, filtered and searched; the officer must work there. */
  async list(pointId: string, user: AuthUser, query: ListDeskOrdersQuery): Promise<{ rows: DeskOrderRow[]; total: number }> {
    await this.desk.assertPointScope(user, pointId);
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
    const total = rows.length > 0 ? Number(rows[0].total_count) : 0;
    return { rows, total };
  }

  pointsOf(userId: string): Promise<DroppingPoint[]> {
    return this.repository.pointsOfOfficer(userId);
  }

  /** One order as the desk shows it (the caller has checked the scope). */
  async getOne(orderId: string, manager: EntityManager | DataSource = this.dataSource): Promise<DeskOrderRow> {
    const rows: DeskOrderRow[] = await manager.query(`${DESK_ORDER_SELECT} WHERE o.id = $1`, [orderId]);
    if (rows.length === 0) throw DomainError.notFound('Order');
    return rows[0];
  }

  /** Every standing (not cancelled) order of the point in the wave, by buyer name, for the printed list. */
  async pickupList(pointId: string, user: AuthUser, waveId: string): Promise<{ header: PickupListHeader; rows: DeskOrderRow[] }> {
    await this.desk.assertPointScope(user, pointId);
    const headers: { point_name: string; point_address: string; wave_name: string; hand_out_date: string }[] = await this.dataSource.query(
      `SELECT dp.name AS point_name, dp.address AS point_address, w.name AS wave_name, w.hand_out_date::text AS hand_out_date
         FROM waves w JOIN dropping_points dp ON dp.id = $2 WHERE w.id = $1`,
      [waveId, pointId],
    );
    if (headers.length === 0) throw DomainError.notFound('Wave');
    const rows: DeskOrderRow[] = await this.dataSource.query(
      `${DESK_ORDER_SELECT} WHERE o.dropping_point_id = $1 AND o.wave_id = $2 AND o.status <> 'cancelled' ORDER BY b.name, o.pickup_code, o.id`,
      [pointId, waveId],
    );
    const h = headers[0];
    return {
      header: { pointName: h.point_name, pointAddress: h.point_address, waveName: h.wave_name, handOutDate: h.hand_out_date },
      rows,
    };
  }
}

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
  if (status === 'pending') add((p) => `o.status = ANY (${p})`, PENDING);
  else if (status === 'partial') {
    add((p) => `o.status = ANY (${p})`, PENDING);
    where.push(`${handedInPartSql('o.id')}::jsonb <> '[]'::jsonb`);
  } else if (status === 'handed_over') add((p) => `o.status = ANY (${p})`, HANDED_OVER_STATES);
  else where.push(`o.status = 'cancelled'`);
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One order row as the desk shows it; callers add WHERE / ORDER BY. */
export const DESK_ORDER_SELECT = `
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

export function paymentStatusOf(row: Pick<DeskOrderRow, 'status' | 'payment_id' | 'refund_owed_rp'>): PaymentStatus {
  if (row.status === OrderStatus.Cancelled) {
    if (!row.payment_id) return 'cancelled';
    return Number(row.refund_owed_rp) > 0 ? 'refund_due' : 'refunded';
  }
  return PAID_ORDER_STATES.includes(row.status) ? 'paid' : 'unpaid';
}

export function handoverStatusOf(row: Pick<DeskOrderRow, 'status' | 'handed_in_part'>): HandoverStatus {
  if (row.status === OrderStatus.Cancelled) return 'cancelled';
  if (HANDED_OVER_STATES.includes(row.status)) return 'handed_over';
  return (row.handed_in_part ?? []).length > 0 ? 'partial' : 'pending';
}

export function packsText(items: DeskOrderRow['items']): string {
  const multiProduct = new Set(items.map((item) => item.productName)).size > 1;
  return items.map((item) => `${item.quantity} x ${item.sizeKg} kg${multiProduct ? ` ${item.productName}` : ''}`).join(', ');
}

export type DeskOrderView = ReturnType<typeof deskOrderView>;

export function deskOrderView(row: DeskOrderRow) {
  return {
    id: row.id,
    waveId: row.wave_id,
    droppingPointId: row.dropping_point_id,
    pickupCode: row.pickup_code,
    status: row.status,
    paymentStatus: paymentStatusOf(row),
    handoverStatus: handoverStatusOf(row),
    fulfilment: row.fulfilment,
    deliveryAddress: row.delivery_address,
    totalKg: row.total_kg,
    totalRp: Number(row.total_rp),
    /** What vouchers pay of it; the desk takes the rest (dueRp) while the order is unpaid. */
    voucherRp: Number(row.voucher_rp),
    dueRp: paymentStatusOf(row) === 'unpaid' ? Number(row.total_rp) - Number(row.voucher_rp) : 0,
    buyer: { id: row.buyer_id, nip: row.nip, name: row.buyer_name, agency: row.agency, phone: row.phone },
    items: row.items ?? [],
    payment: row.payment_id
      ? {
          id: row.payment_id,
          method: row.payment_method,
          amountRp: Number(row.payment_amount_rp),
          reference: row.payment_reference,
          receivedAt: toWib(row.paid_at),
          receivedBy: row.paid_to,
        }
      : null,
    handover: row.handed_over_at ? { handedOverAt: toWib(row.handed_over_at), handedOverBy: row.handed_over_by } : null,
    /** What the buyer has of the order and what is still owed to them (a partial hand-over, part of a delivery). */
    goods: goodsProgress(row.status, row.items ?? [], row.handed_in_part ?? []),
    /** Money owed back to the buyer (paid and cancelled, cut by a shortfall, a gateway refund) and what the desk paid back. */
    refund: { owedRp: Number(row.refund_owed_rp), paidRp: Number(row.refund_paid_rp) },
    cancelReason: row.cancel_reason,
    placedAt: toWib(row.placed_at),
    cancelledAt: toWib(row.cancelled_at),
  };
}
