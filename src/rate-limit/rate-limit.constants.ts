/** Which limits a route is under (set by @OrderRateLimit(); logins are limited by LoginThrottle). */
export const RATE_LIMIT_KIND = 'gelombang:rate-limit-kind';

export type RateLimitKind = 'order';

/** The named throttlers. */
export const LOGIN_PER_ACCOUNT = 'login-account';
export const LOGIN_PER_ADDRESS = 'login-address';
export const LOGIN_GLOBAL = 'login-global';
/** Failed attempts per (account, client address), answered with growing delays. */
export const LOGIN_DELAY = 'login-delay';
export const ORDERS_PER_BUYER = 'order-buyer';
/** Registrations (and registration-code confirmations) per client address, and in all. */
export const REGISTER_PER_ADDRESS = 'register-address';
export const REGISTER_GLOBAL = 'register-global';
/** One-time registration codes asked for one NIP. */
export const CODES_PER_NIP = 'register-code-nip';
/** Password-reset requests and confirmations per client address, and reset codes asked for one NIP. */
export const RESET_PER_ADDRESS = 'reset-address';
export const RESET_CODES_PER_NIP = 'reset-code-nip';
