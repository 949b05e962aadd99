/** Which limits a route is under (set by @LoginRateLimit() / @OrderRateLimit()). */
export const RATE_LIMIT_KIND = 'gelombang:rate-limit-kind';

export type RateLimitKind = 'login' | 'order';

/** The named throttlers. */
export const LOGIN_PER_ACCOUNT = 'login-account';
export const LOGIN_PER_ADDRESS = 'login-address';
export const ORDERS_PER_BUYER = 'order-buyer';
