/**
 * The minute a wave opens is the minute its announcement goes out: buyers' orders come first. A
 * fan-out page waits while orders arrive at `ordersPerSec` or faster (counted since the previous
 * look), at most `maxWaitMs`, so a long rush still lets the announcement move.
 */
export class OrderYield {
  private orders: number;
  private at: number;

  constructor(
    private readonly policy: { ordersPerSec: number; maxWaitMs: number },
    private readonly count: () => number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.orders = count();
    this.at = clock();
  }

  /** How long to wait before looking again (0: go now), given when this page began to wait. */
  next(waitingSince: number, stepMs: number): number {
    const now = this.clock();
    const orders = this.count();
    const rate = ((orders - this.orders) * 1000) / Math.max(1, now - this.at);
    this.orders = orders;
    this.at = now;
    if (this.policy.ordersPerSec <= 0 || rate < this.policy.ordersPerSec) return 0;
    return Math.max(0, Math.min(stepMs, waitingSince + this.policy.maxWaitMs - now));
  }
}
