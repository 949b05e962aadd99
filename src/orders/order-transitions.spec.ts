import { DomainError } from '../common/domain-error';
import { STATUS_BY_CODE } from '../common/error-status';
import { OrderStatus } from './order-status.enum';
import {
  assertTransition,
  AWAITING_HAND_OVER_STATES,
  BOOKABLE_ORDER_STATES,
  canTransition,
  FINAL_ORDER_STATES,
  LIVE_ORDER_STATES,
  ORDER_TRANSITIONS,
  orderStatesSql,
  PAID_AT_POINT_STATES,
  PAID_ORDER_STATES,
  PAID_OWED_STATES,
} from './order-transitions';

const { Placed, Paid, Ready, PickedUp, OutForDelivery, Delivered, Cancelled } = OrderStatus;

describe('order transitions', () => {
  it('covers every state', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual(Object.values(OrderStatus).sort());
  });

  it('allows exactly the documented moves', () => {
    const allowed = Object.values(OrderStatus).flatMap((from) =>
      Object.values(OrderStatus)
        .filter((to) => canTransition(from, to))
        .map((to) => `${from}->${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'placed->paid',
        'placed->cancelled',
        'paid->ready',
        'paid->placed',
        'paid->cancelled',
        'ready->picked_up',
        'ready->out_for_delivery',
        'ready->placed',
        'ready->cancelled',
        'out_for_delivery->delivered',
        'out_for_delivery->ready',
        'out_for_delivery->cancelled',
      ].sort(),
    );
  });

  it('lets every state that is not final be cancelled, and nothing leave a final state', () => {
    expect([...FINAL_ORDER_STATES].sort()).toEqual([Cancelled, Delivered, PickedUp].sort());
    for (const from of Object.values(OrderStatus)) {
      expect(canTransition(from, Cancelled)).toBe(!FINAL_ORDER_STATES.includes(from));
    }
    for (const from of FINAL_ORDER_STATES) expect(ORDER_TRANSITIONS[from]).toEqual([]);
  });

  it('refuses skipping steps and going back, with INVALID_TRANSITION', () => {
    for (const [from, to] of [
      [Placed, Ready],
      [Placed, PickedUp],
      [Paid, PickedUp],
      [Paid, OutForDelivery],
      [Ready, Delivered],
      [PickedUp, Ready],
      [Delivered, OutForDelivery],
      [Cancelled, Placed],
      [Placed, Placed],
    ] as const) {
      let error: unknown;
      try {
        assertTransition(from, to);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'INVALID_TRANSITION' });
      expect(STATUS_BY_CODE[(error as DomainError).code]).toBe(409);
    }
    expect(() => assertTransition(Ready, OutForDelivery)).not.toThrow();
    expect(() => assertTransition(OutForDelivery, Ready)).not.toThrow();
  });

  it('counts an order as paid from payment until the end, unless cancelled', () => {
    expect([...PAID_ORDER_STATES].sort()).toEqual([Paid, Ready, PickedUp, OutForDelivery, Delivered].sort());
  });

  // The SQL that renders these sets held these exact lists before they were named: a change to one is deliberate.
  it('renders the named sets of states the queries use', () => {
    expect(orderStatesSql(LIVE_ORDER_STATES)).toBe("('placed', 'paid', 'ready', 'out_for_delivery')");
    expect(orderStatesSql(AWAITING_HAND_OVER_STATES)).toBe("('placed', 'paid', 'ready')");
    expect(orderStatesSql(PAID_OWED_STATES)).toBe("('paid', 'ready', 'out_for_delivery')");
    expect(orderStatesSql(PAID_AT_POINT_STATES)).toBe("('paid', 'ready')");
    expect(BOOKABLE_ORDER_STATES).toEqual([Ready, OutForDelivery]);
  });
});
