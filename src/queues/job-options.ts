import type { DefaultJobOptions } from 'bullmq';
import type { Environment } from '../config/environment';

/** Name of the backoff strategy every worker registers (see courierBackoff). */
export const BACKOFF_STRATEGY = 'exponential-jitter';

/** A retry never waits longer than this, whatever the attempt. */
export const MAX_BACKOFF_MS = 10 * 60 * 1000;

/**
 * Defaults for every job, set once: attempts, exponential backoff with jitter, and bounded
 * retention of finished jobs. Removing finished jobs is safe: a job id is only a shortcut, the
 * database (one booking per trip, the outbox's completion mark) is what prevents double work.
 */
export function defaultJobOptions(env: Pick<Environment, 'DELIVERY_JOB_ATTEMPTS' | 'DELIVERY_BACKOFF_MS'>): DefaultJobOptions {
  return {
    attempts: env.DELIVERY_JOB_ATTEMPTS,
    backoff: { type: BACKOFF_STRATEGY, delay: env.DELIVERY_BACKOFF_MS },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
    stackTraceLimit: 5,
  };
}

/** An error that tells the backoff the earliest time to try again (a 429's Retry-After). */
export interface RetryAfterHint {
  retryAfterMs?: number;
}

/**
 * Exponential backoff with "equal jitter": half the doubled delay is fixed, the other half random,
 * so retries of many jobs that failed together spread out instead of hitting the courier at once.
 * A Retry-After from the courier is a floor.
 */
export function exponentialJitterBackoff(attemptsMade: number, baseMs: number, error?: RetryAfterHint, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const delay = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(delay, Math.min(MAX_BACKOFF_MS, error?.retryAfterMs ?? 0));
}
