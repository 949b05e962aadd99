import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { DomainEvents } from '../events/domain-events';
import { CancelReason, OrderStatus } from './order-status.enum';
import { assertTransition, ORDER_TRANSITIONS } from './order-transitions';
import { OrdersRepository } from './orders.repository';

/** What a transition must be told, by target state: a payment behind paid (and behind its reversal), a reason behind cancelled. */
export type OrderTransitionFacts<T extends OrderStatus> = T extends OrderStatus.Paid
  ? { paymentId: string }
  : T extends OrderStatus.Placed
    ? { paymentId: string }
    : T extends OrderStatus.Cancelled
      ? { reason: CancelReason }
      : object;

export type OrderTransitionContext<T extends OrderStatus> = OrderTransitionFacts<T> & {
  /**
   * Narrows the states the orders may leave (the table allows more): e.g. only paid orders become
   * ready from a goods receipt, an order out for delivery is not cancelled by the desk.
   */
  from?: readonly OrderStatus[];
  /**
   * What the change entails (tallies, quota, capacity), run on the ids that changed before the
   * event goes out, so listeners see the order and everything it moved in their final state.
   */
  effects?: (orderIds: string[]) => Promise<void>;
};

/** The states an order may be in to become `to`, per ORDER_TRANSITIONS, within `only` when given. */
export function statesLeadingTo(to: OrderStatus, only?: readonly OrderStatus[]): OrderStatus[] {
  return (Object.keys(ORDER_TRANSITIONS) as OrderStatus[]).filter(
    (from) => ORDER_TRANSITIONS[from].includes(to) && (only === undefined || only.includes(from)),
  );
}

/**
 * The one writer of an order's status. Every change is checked against ORDER_TRANSITIONS in the
 * UPDATE's own WHERE, recorded in the order's history (the audit trigger on orders, which also
 * catches anything that bypasses this service) and announced on the domain event bus in the same
 * transaction.
 */
@Injectable()
export class OrderStateService {
  constructor(
    private readonly events: DomainEvents,
    private readonly orders: OrdersRepository,
  ) {}

  /** One order that must make the change: INVALID_TRANSITION (409) when its state does not allow it. */
  transition<T extends OrderStatus>(manager: EntityManager, orderId: string, to: T, context: OrderTransitionContext<T>): Promise<void>;
  /** Many orders at once; those whose state does not allow the change are left alone. Returns the ids that changed. */
  transition<T extends OrderStatus>(
    manager: EntityManager,
    orderIds: string[],
    to: T,
    context: OrderTransitionContext<T>,
  ): Promise<string[]>;
  async transition<T extends OrderStatus>(
    manager: EntityManager,
    target: string | string[],
    to: T,
    context: OrderTransitionContext<T>,
  ): Promise<void | string[]> {
    const ids = typeof target === 'string' ? [target] : target;
    if (ids.length === 0) return [];
    const from = statesLeadingTo(to, context.from);
    const facts = context as OrderTransitionContext<OrderStatus> & Partial<{ paymentId: string; reason: CancelReason }>;
    const changed =
      to === OrderStatus.Cancelled
        ? await this.orders.cancel(manager, ids, facts.reason!, from)
        : await this.orders.setStatus(manager, ids, to, from);
    if (typeof target === 'string' && changed.length === 0) await this.refuse(manager, target, to);
    if (changed.length === 0) return typeof target === 'string' ? undefined : changed;
    await context.effects?.(changed);
    await this.announce(manager, changed, to, facts);
    return typeof target === 'string' ? undefined : changed;
  }

  private async refuse(manager: EntityManager, orderId: string, to: OrderStatus): Promise<never> {
    const status = await this.orders.status(manager, orderId);
    if (status === null) throw DomainError.notFound('Order');
    assertTransition(status, to);
    // Allowed by the table but not by the caller's narrower `from`.
    throw DomainError.invalidTransition(`An order that is ${status.replace(/_/g, ' ')} cannot become ${to.replace(/_/g, ' ')} here`);
  }

  private async announce(
    manager: EntityManager,
    orderIds: string[],
    to: OrderStatus,
    facts: Partial<{ paymentId: string; reason: CancelReason }>,
  ): Promise<void> {
    switch (to) {
      case OrderStatus.Paid:
        for (const orderId of orderIds) await this.events.publish(manager, { type: 'order.paid', orderId, paymentId: facts.paymentId! });
        return;
      case OrderStatus.Placed:
        for (const orderId of orderIds)
          await this.events.publish(manager, { type: 'order.payment_reversed', orderId, paymentId: facts.paymentId! });
        return;
      case OrderStatus.PickedUp:
        for (const orderId of orderIds) await this.events.publish(manager, { type: 'order.handed_over', orderId });
        return;
      case OrderStatus.Cancelled:
        return this.events.publish(manager, { type: 'order.cancelled', orderIds, reason: facts.reason! });
      case OrderStatus.Ready:
        return this.events.publish(manager, { type: 'order.ready', orderIds });
      case OrderStatus.OutForDelivery:
        return this.events.publish(manager, { type: 'order.out_for_delivery', orderIds });
      case OrderStatus.Delivered:
        return this.events.publish(manager, { type: 'order.delivered', orderIds });
    }
  }
}
