import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Observable, tap } from 'rxjs';
import { Environment } from '../config/environment';
import { LOGIN_PER_ACCOUNT } from './rate-limit.constants';
import { rateLimitKey } from './rate-limit.keys';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { accountTracker } from './trackers';

/**
 * A successful login clears its account's count, so the per-account limit counts failed guesses
 * in a row: the owner who logs in many times a day is never locked out, a guesser is.
 */
@Injectable()
export class LoginSuccessInterceptor implements NestInterceptor {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: RedisThrottlerStorage,
    private readonly env: Environment,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    return next.handle().pipe(
      tap(() => {
        void this.storage.resetHits(rateLimitKey(this.env.REDIS_PREFIX, LOGIN_PER_ACCOUNT, accountTracker(body)), LOGIN_PER_ACCOUNT);
      }),
    );
  }
}
