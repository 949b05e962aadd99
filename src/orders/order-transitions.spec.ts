import { DomainError } from '../common/domain-error';
import { STATUS_BY_CODE } from '../common/error-status';
import { OrderStatus } from './order-status.enum';
import { assertTransition, canTransition, FINAL_ORDER_STATES, ORDER_TRANSITIONS, PAID_ORDER_STATES } from './order-transitions';

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
});
