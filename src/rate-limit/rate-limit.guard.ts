import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * The throttler guard, applied per route by @LoginRateLimit() and @OrderRateLimit() (after the
 * global AuthGuard, so the buyer is known). Which named throttlers apply is decided by each
 * throttler's skipIf (see RateLimitModule).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {}
