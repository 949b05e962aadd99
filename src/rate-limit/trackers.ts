import { normalizeIp } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user';

/**
 * The account a login attempt is for. Hashed: usernames (NIPs) stay out of Redis, and a huge
 * username in a body not yet validated makes no huge key. Case and spaces do not make another account.
 */
export function accountTracker(body: unknown): string {
  const username =
    typeof (body as { username?: unknown } | undefined)?.username === 'string' ? (body as { username: string }).username : '';
  return `account:${createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

/** The client address; IPv6 clients are counted per /64, as one host usually holds a whole /64. */
export function addressTracker(ip: string | undefined): string {
  return `address:${normalizeIp(ip ?? 'unknown')}`;
}

/** The buyer placing an order (the route runs after authentication). */
export function buyerTracker(user: AuthUser | undefined): string {
  return `buyer:${user?.buyerId ?? user?.userId ?? 'anonymous'}`;
}
