import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../auth/session';
import { Role } from '../users/role.enum';
import { webConfig } from './web-config';

/**
 * The JWT of src/auth, kept in an HttpOnly SameSite=Lax cookie (Secure in production) that ends
 * with the browser session; the token's own expiry ends it sooner, and the next page then shows
 * the login form saying so.
 */
export function startSession(reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: webConfig().secureCookies });
}

export function endSession(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: webConfig().secureCookies });
}

/** Where each role lands after logging in (and when it opens `/`). */
export const HOME_BY_ROLE: Record<Role, string> = {
  [Role.Buyer]: '/gelombang',
  [Role.Officer]: '/petugas',
  [Role.CoopManager]: '/koperasi',
  [Role.Admin]: '/admin',
};

/** A path on this site (not `//host`), so a `kembali` parameter cannot send anyone elsewhere. */
export function localPath(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length <= 500 ? value : null;
}
