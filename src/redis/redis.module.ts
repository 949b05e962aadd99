import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Environment } from '../config/environment';

export const REDIS = Symbol('REDIS');

/** One shared ioredis connection for rate limits and health; BullMQ opens its own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [Environment],
      useFactory: (env: Environment) => {
        // Auto-pipelining sends the commands of one event-loop turn in one write: under a rush every
        // order's rate-limit check would otherwise be a socket write (and a wake-up of Redis) of its own.
        const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false, enableAutoPipelining: true });
        // ioredis reconnects by itself; without a listener an outage would crash the process.
        const logger = new Logger('Redis');
        redis.on('error', (error: Error) => logger.warn(`Redis connection: ${error.message}`));
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
