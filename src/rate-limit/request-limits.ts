import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { DomainError, ErrorCode } from '../common/domain-error';
import { REDIS } from '../redis/redis.module';
import { Environment } from '../config/environment';
import type { LoginRefusal } from './login-throttle';
import { rateLimitKey } from './rate-limit.keys';

/** A Redis that does not answer within this long lets the request through (and says so in the log). */
const REDIS_TIMEOUT_MS = 250;

/** One counter: at most `limit` requests per `windowSeconds` for `tracker` under the throttler `name`. */
export interface Limit {
  name: string;
  tracker: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis for anonymous routes that cost the service (a password hash, a
 * message to a phone): registration per client address and in all, one-time codes per NIP. Every
 * request counts, whatever its outcome, so the counts tell nothing about the accounts. Like the
 * login limits, a Redis that does not answer lets requests pass rather than all fail. A refusal is
 * TOO_MANY_REQUESTS with the LoginRefusal details, so setRetryAfter (auth.controller) adds the headers.
 */
@Injectable()
export class RequestLimits {
  private readonly logger = new Logger('RequestLimits');
  private lastWarning = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: Environment,
  ) {}

  async take(limits: Limit[], what: string): Promise<void> {
    const keys = limits.map((l) => rateLimitKey(this.env.REDIS_PREFIX, l.name, l.tracker));
    const result = await this.run(() => {
      const tx = this.redis.multi();
      limits.forEach((l, i) => tx.incr(keys[i]).expire(keys[i], l.windowSeconds, 'NX').ttl(keys[i]));
      return tx.exec();
    });
    if (!result) return;
    limits.forEach((l, i) => {
      const count = result[i * 3][1] as number;
      if (count > l.limit) {
        const refusal: LoginRefusal = { limit: l.name, retryAfterSeconds: Math.max(1, result[i * 3 + 2][1] as number) };
        throw new DomainError(
          ErrorCode.TooManyRequests,
          `Terlalu banyak permintaan; coba lagi dalam ${refusal.retryAfterSeconds} detik (too many ${what})`,
          refusal,
        );
      }
    });
  }

  private async run<T>(command: () => Promise<T>): Promise<T | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err: error }, 'Request limits are not enforced: Redis did not answer');
      }
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
