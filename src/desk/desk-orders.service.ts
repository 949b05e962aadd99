import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { OrderStatus } from '../orders/order-status.enum';
import { HANDED_OVER_STATES, PAID_ORDER_STATES } from '../orders/order-transitions';
import { DeskOrderRecord, DeskOrdersRepository, OrderedPack, PickupListHeader } from './desk-orders.repository';
import { DeskTransactions } from './desk-transactions';
import { DeskRepository } from './desk.repository';
import { goodsProgress } from './goods-progress';
import { HandoverStatus, ListDeskOrdersQuery, PaymentStatus } from './dto/list-desk-orders.query';

export type { DeskOrderRecord, PickupListHeader } from './desk-orders.repository';

@Injectable()
export class DeskOrdersService {
  constructor(
    private readonly desk: DeskTransactions,
    private readonly repository: DeskRepository,
    private readonly orders: DeskOrdersRepository,
  ) {}

  /** The orders of one dropping point, filtered and searched; the officer must work there. */
  async list(pointId: string, user: AuthUser, query: ListDeskOrdersQuery): Promise<{ rows: DeskOrderRecord[]; total: number }> {
    await this.desk.assertPointScope(user, pointId);
    const { items, total } = await this.orders.page(pointId, query);
    return { rows: items, total };
  }

  pointsOf(userId: string): Promise<DroppingPoint[]> {
    return this.repository.pointsOfOfficer(userId);
  }

  /** One order as the desk shows it (the caller has checked the scope). */
  async getOne(orderId: string, manager?: EntityManager): Promise<DeskOrderRecord> {
    const order = await this.orders.one(orderId, manager);
    if (!order) throw DomainError.notFound('Order');
    return order;
  }

  /** Every standing (not cancelled) order of the point in the wave, by buyer name, for the printed list. */
  async pickupList(pointId: string, user: AuthUser, waveId: string): Promise<{ header: PickupListHeader; rows: DeskOrderRecord[] }> {
    await this.desk.assertPointScope(user, pointId);
    const header = await this.orders.pickupListHeader(pointId, waveId);
    if (!header) throw DomainError.notFound('Wave');
    return { header, rows: await this.orders.standing(pointId, waveId) };
  }
}

export function paymentStatusOf(order: Pick<DeskOrderRecord, 'status' | 'payment' | 'refundOwedRp'>): PaymentStatus {
  if (order.status === OrderStatus.Cancelled) {
    if (!order.payment) return 'cancelled';
    return order.refundOwedRp > 0 ? 'refund_due' : 'refunded';
  }
  return PAID_ORDER_STATES.includes(order.status) ? 'paid' : 'unpaid';
}

export function handoverStatusOf(order: Pick<DeskOrderRecord, 'status' | 'handedInPart'>): HandoverStatus {
  if (order.status === OrderStatus.Cancelled) return 'cancelled';
  if (HANDED_OVER_STATES.includes(order.status)) return 'handed_over';
  return order.handedInPart.length > 0 ? 'partial' : 'pending';
}

export function packsText(items: OrderedPack[]): string {
  const multiProduct = new Set(items.map((item) => item.productName)).size > 1;
  return items.map((item) => `${item.quantity} x ${item.sizeKg} kg${multiProduct ? ` ${item.productName}` : ''}`).join(', ');
}

export type DeskOrderView = ReturnType<typeof deskOrderView>;

export function deskOrderView(order: DeskOrderRecord) {
  return {
    id: order.id,
    waveId: order.waveId,
    droppingPointId: order.droppingPointId,
    pickupCode: order.pickupCode,
    status: order.status,
    paymentStatus: paymentStatusOf(order),
    handoverStatus: handoverStatusOf(order),
    fulfilment: order.fulfilment,
    deliveryAddress: order.deliveryAddress,
    totalKg: order.totalKg,
    totalRp: order.totalRp,
    /** What vouchers pay of it; the desk takes the rest (dueRp) while the order is unpaid. */
    voucherRp: order.voucherRp,
    dueRp: paymentStatusOf(order) === 'unpaid' ? order.totalRp - order.voucherRp : 0,
    buyer: order.buyer,
    items: order.items,
    payment: order.payment ? { ...order.payment, receivedAt: toWib(order.payment.receivedAt) } : null,
    handover: order.handover ? { handedOverAt: toWib(order.handover.handedOverAt), handedOverBy: order.handover.handedOverBy } : null,
    /** What the buyer has of the order and what is still owed to them (a partial hand-over, part of a delivery). */
    goods: goodsProgress(order.status, order.items, order.handedInPart),
    /** Money owed back to the buyer (paid and cancelled, cut by a shortfall, a gateway refund) and what the desk paid back. */
    refund: { owedRp: order.refundOwedRp, paidRp: order.refundPaidRp },
    cancelReason: order.cancelReason,
    placedAt: toWib(order.placedAt),
    cancelledAt: toWib(order.cancelledAt),
  };
}
