import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';
import { evictionWarning, readEvictionPolicy } from './redis-policy';

/** Says loudly at start-up when Redis may evict keys (BullMQ then loses jobs). Does not block start-up. */
@Injectable()
export class RedisPolicyCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('RedisPolicy');

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationBootstrap(): void {
    void this.check();
  }

  async check(): Promise<boolean> {
    try {
      const { policy, ok } = await readEvictionPolicy(this.redis);
      if (ok) this.logger.log('Redis maxmemory-policy is noeviction');
      else this.logger.error(evictionWarning(policy));
      return ok;
    } catch (error) {
      this.logger.warn(`Could not read Redis maxmemory-policy: ${(error as Error).message}`);
      return false;
    }
  }
}
