import { applyDecorators, SetMetadata, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { LoginSuccessInterceptor } from './login-success.interceptor';
import { RATE_LIMIT_KIND } from './rate-limit.constants';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Login attempts: limited per account (failed attempts in a row; a success clears the count) and
 * per client address (all attempts). 429 TOO_MANY_REQUESTS with Retry-After past a limit.
 */
export const LoginRateLimit = () =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KIND, 'login'),
    UseGuards(RateLimitGuard),
    UseInterceptors(LoginSuccessInterceptor),
    ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many login attempts for this account or from this address' }),
  );

/** Order placement: limited per buyer, so a bot cannot hammer a wave's stock. */
export const OrderRateLimit = () =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KIND, 'order'),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many orders from this buyer' }),
  );
