import { DomainError } from '../common/domain-error';
import { sqlList } from '../common/sql-list';
import { OrderStatus } from './order-status.enum';

/**
 * Every legal change of an order's status, for every state. Anything not listed is refused with
 * INVALID_TRANSITION (409).
 *
 *   placed -> paid -> ready -> picked_up
 *                      ready -> out_for_delivery -> delivered
 *                               out_for_delivery -> ready        (the courier trip failed: back to the desk)
 *   paid | ready -> placed                                         (an administrator reversed the payment)
 *   any state that is not final -> cancelled                       (with a CancelReason)
 *
 * picked_up, delivered and cancelled are final.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [OrderStatus.Placed]: [OrderStatus.Paid, OrderStatus.Cancelled],
  [OrderStatus.Paid]: [OrderStatus.Ready, OrderStatus.Placed, OrderStatus.Cancelled],
  [OrderStatus.Ready]: [OrderStatus.PickedUp, OrderStatus.OutForDelivery, OrderStatus.Placed, OrderStatus.Cancelled],
  [OrderStatus.OutForDelivery]: [OrderStatus.Delivered, OrderStatus.Ready, OrderStatus.Cancelled],
  [OrderStatus.PickedUp]: [],
  [OrderStatus.Delivered]: [],
  [OrderStatus.Cancelled]: [],
};

/** States an order never leaves. */
export const FINAL_ORDER_STATES: readonly OrderStatus[] = Object.values(OrderStatus).filter(
  (status) => ORDER_TRANSITIONS[status].length === 0,
);

/** States in which the order has been paid for (and the payment stands). */
export const PAID_ORDER_STATES: readonly OrderStatus[] = [
  OrderStatus.Paid,
  OrderStatus.Ready,
  OrderStatus.PickedUp,
  OrderStatus.OutForDelivery,
  OrderStatus.Delivered,
];

/** States in which the goods have left the dropping point: handed to the buyer at the desk or to a courier. */
export const HANDED_OVER_STATES: readonly OrderStatus[] = [OrderStatus.PickedUp, OrderStatus.OutForDelivery, OrderStatus.Delivered];

/** States in which the buyer has the goods: picked up at the point or delivered home. */
export const WITH_BUYER_STATES: readonly OrderStatus[] = [OrderStatus.PickedUp, OrderStatus.Delivered];

/** States in which the goods for the order are set aside at (or have left) the dropping point. */
export const GOODS_ALLOCATED_STATES: readonly OrderStatus[] = [OrderStatus.Ready, ...HANDED_OVER_STATES];

/** States an order may still move from: not final, so placed, paid, at the point or on the road. */
export const LIVE_ORDER_STATES: readonly OrderStatus[] = Object.values(OrderStatus).filter(
  (status) => !FINAL_ORDER_STATES.includes(status),
);

/** Live states before the goods leave the point: the order still awaits its hand-out, at the desk or to a courier. */
export const AWAITING_HAND_OVER_STATES: readonly OrderStatus[] = LIVE_ORDER_STATES.filter((status) => !HANDED_OVER_STATES.includes(status));

/** Paid and live: the buyer is still owed the goods, at the point or on the road. */
export const PAID_OWED_STATES: readonly OrderStatus[] = PAID_ORDER_STATES.filter((status) => LIVE_ORDER_STATES.includes(status));

/** Paid and the goods still at the point: due to the buyer, at the desk or by a courier trip. */
export const PAID_AT_POINT_STATES: readonly OrderStatus[] = PAID_ORDER_STATES.filter((status) =>
  AWAITING_HAND_OVER_STATES.includes(status),
);

/** States in which a courier trip may be booked: the packs are at the desk, or other parts are on the road. */
export const BOOKABLE_ORDER_STATES: readonly OrderStatus[] = [OrderStatus.Ready, OrderStatus.OutForDelivery];

/** A set of states as an SQL list, `('a', 'b')`, for queries that cannot take it as a parameter. */
export function orderStatesSql(states: readonly OrderStatus[]): string {
  return sqlList(states);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Throws INVALID_TRANSITION (409) unless `from -> to` is in the table. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw DomainError.invalidTransition(`An order that is ${from.replace(/_/g, ' ')} cannot become ${to.replace(/_/g, ' ')}`);
  }
}

export function isPaidStatus(status: OrderStatus): boolean {
  return PAID_ORDER_STATES.includes(status);
}
