import { defaultJobOptions, exponentialJitterBackoff, MAX_BACKOFF_MS } from './job-options';

describe('exponentialJitterBackoff', () => {
  it('doubles the ceiling per attempt and keeps the delay between half of it and all of it', () => {
    for (const attempt of [1, 2, 3, 4, 5]) {
      const ceiling = 1000 * 2 ** (attempt - 1);
      expect(exponentialJitterBackoff(attempt, 1000, undefined, () => 0)).toBe(ceiling / 2);
      expect(exponentialJitterBackoff(attempt, 1000, undefined, () => 1)).toBe(ceiling);
    }
  });

  it('spreads the retries of jobs that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => exponentialJitterBackoff(3, 1000)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('waits at least what the courier asked for in Retry-After, and never longer than the cap', () => {
    expect(exponentialJitterBackoff(1, 100, { retryAfterMs: 5000 }, () => 0)).toBe(5000);
    expect(exponentialJitterBackoff(30, 1000, undefined, () => 1)).toBe(MAX_BACKOFF_MS);
    expect(exponentialJitterBackoff(1, 100, { retryAfterMs: 10 * MAX_BACKOFF_MS })).toBe(MAX_BACKOFF_MS);
  });

  it('is the default of every job, with bounded retention of finished jobs', () => {
    expect(defaultJobOptions({ DELIVERY_JOB_ATTEMPTS: 8, DELIVERY_BACKOFF_MS: 2000 })).toMatchObject({
      attempts: 8,
      backoff: { type: 'exponential-jitter', delay: 2000 },
      removeOnComplete: { age: 86_400, count: 10_000 },
      removeOnFail: { age: 604_800, count: 50_000 },
    });
  });
});
