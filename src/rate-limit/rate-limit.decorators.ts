import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RATE_LIMIT_KIND } from './rate-limit.constants';
import { RateLimitGuard } from './rate-limit.guard';

/** Order placement: limited per buyer, so a bot cannot hammer a wave's stock. */
export const OrderRateLimit = () =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KIND, 'order'),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many orders from this buyer' }),
  );
