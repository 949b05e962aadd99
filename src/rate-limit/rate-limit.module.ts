import { ExecutionContext, Global, Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import type Redis from 'ioredis';
import type { AuthUser } from '../auth/auth-user';
import { Environment } from '../config/environment';
import { REDIS } from '../redis/redis.module';
import { ORDERS_PER_BUYER, RATE_LIMIT_KIND, RateLimitKind } from './rate-limit.constants';
import { rateLimitKey } from './rate-limit.keys';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { buyerTracker } from './trackers';
import { LoginThrottle } from './login-throttle';
import { RequestLimits } from './request-limits';

/** A throttler applies only on routes marked with its kind; every other route is never counted. */
const onlyFor = (kind: RateLimitKind) => (context: ExecutionContext) => Reflect.getMetadata(RATE_LIMIT_KIND, context.getHandler()) !== kind;

export function rateLimitOptions(env: Environment, redis: Redis): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        name: ORDERS_PER_BUYER,
        limit: env.RATE_LIMIT_ORDERS_PER_BUYER,
        ttl: env.RATE_LIMIT_ORDERS_WINDOW_SECONDS * 1000,
        skipIf: onlyFor('order'),
        getTracker: (request) => buyerTracker(request.user as AuthUser | undefined),
      },
    ],
    generateKey: (_context, tracker, throttlerName) => rateLimitKey(env.REDIS_PREFIX, throttlerName, tracker),
    errorMessage: (_context, detail) => `Too many requests; try again in ${Math.max(1, detail.timeToBlockExpire)} s`,
    storage: new RedisThrottlerStorage(redis),
  };
}

/**
 * Rate limits kept in Redis (@nestjs/throttler with @nest-lab/throttler-storage-redis on the
 * shared connection), so every instance of the service counts against the same numbers. Order
 * routes opt in with @OrderRateLimit(); logins go through LoginThrottle (also Redis); the limits
 * come from RATE_LIMIT_* settings. Registration and one-time codes go through RequestLimits.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [Environment, REDIS],
      useFactory: rateLimitOptions,
    }),
  ],
  providers: [LoginThrottle, RequestLimits],
  exports: [LoginThrottle, RequestLimits],
})
export class RateLimitModule {}
