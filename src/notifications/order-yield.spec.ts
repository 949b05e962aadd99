import { OrderYield } from './order-yield';

function rig(policy: { ordersPerSec: number; maxWaitMs: number }) {
  const state = { orders: 0, now: 1_000 };
  const pace = new OrderYield(
    policy,
    () => state.orders,
    () => state.now,
  );
  return { state, pace };
}

describe('OrderYield', () => {
  it('lets a page go at once while orders are fewer than the threshold', () => {
    const { state, pace } = rig({ ordersPerSec: 50, maxWaitMs: 5_000 });
    state.orders += 20;
    state.now += 500; // 40 orders/s
    expect(pace.next(state.now, 200)).toBe(0);
  });

  it('waits a step while orders come at the threshold or faster', () => {
    const { state, pace } = rig({ ordersPerSec: 50, maxWaitMs: 5_000 });
    state.orders += 400;
    state.now += 400; // 1,000 orders/s
    expect(pace.next(state.now, 200)).toBe(200);
  });

  it('never waits longer than the longest wait, however busy the order path stays', () => {
    const { state, pace } = rig({ ordersPerSec: 50, maxWaitMs: 5_000 });
    const waitingSince = state.now;
    state.orders += 5_000;
    state.now += 4_900;
    expect(pace.next(waitingSince, 200)).toBe(100);
    state.orders += 200;
    state.now += 100;
    expect(pace.next(waitingSince, 200)).toBe(0);
  });

  it('measures each look from the previous one: a rush that ended lets the next page go', () => {
    const { state, pace } = rig({ ordersPerSec: 50, maxWaitMs: 5_000 });
    state.orders += 1_000;
    state.now += 1_000;
    expect(pace.next(state.now, 200)).toBe(200);
    state.now += 200; // no order in these 200 ms
    expect(pace.next(state.now, 200)).toBe(0);
  });

  it('never waits when yielding is off', () => {
    const { state, pace } = rig({ ordersPerSec: 0, maxWaitMs: 5_000 });
    state.orders += 10_000;
    state.now += 100;
    expect(pace.next(state.now, 200)).toBe(0);
  });
});
