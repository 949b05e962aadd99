import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';

interface StorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** A Redis that does not answer within this long lets the request through (and says so in the log). */
const REDIS_TIMEOUT_MS = 250;

/**
 * @nest-lab/throttler-storage-redis on the service's shared Redis connection, so every instance
 * counts against the same numbers. Keys are made by the guard under the deployment's REDIS_PREFIX.
 * Rate limiting protects the service; it is not what keeps orders correct (the database is), so
 * when Redis is unreachable requests pass rather than every login and order failing with it.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly storage: ThrottlerStorageRedisService;
  private lastWarning = 0;

  constructor(redis: Redis) {
    this.storage = new ThrottlerStorageRedisService(redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.storage.increment(key, ttl, limit, blockDuration, throttlerName),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err: error }, 'Rate limits are not enforced: Redis did not answer');
      }
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    } finally {
      clearTimeout(timer);
    }
  }
}
