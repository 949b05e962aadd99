import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SESSION_COOKIE } from '../auth/session';
import { webConfig } from './web-config';

export const CSRF_COOKIE = 'gelombang_csrf';
/** The hidden field every page form carries (see the `csrf` partial). */
export const CSRF_FIELD = '_csrf';

/** A form POST without a valid token: shown as "the form has expired", never as a server error. */
export class CsrfRejected extends Error {}

/**
 * Double-submit token bound to the session: the browser holds a random value in an HttpOnly
 * cookie, and a form carries HMAC(key, that value + the session cookie). A page of another site
 * can neither read the cookie nor compute the HMAC; a token stops working when the session changes.
 */
function tokenOf(browserSecret: string, session: string): string {
  return createHmac('sha256', webConfig().csrfKey).update(`${browserSecret}|${session}`).digest('base64url');
}

/** The token for the forms of the page being rendered; gives the browser its secret on first visit. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  let secret = request.cookies[CSRF_COOKIE];
  if (!secret) {
    secret = randomBytes(18).toString('base64url');
    // Later renders in the same request (an error page) must see the same secret.
    request.cookies[CSRF_COOKIE] = secret;
    void reply.setCookie(CSRF_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: webConfig().secureCookies });
  }
  return tokenOf(secret, request.cookies[SESSION_COOKIE] ?? '');
}

export function csrfValid(request: FastifyRequest): boolean {
  const secret = request.cookies[CSRF_COOKIE];
  const given = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  if (!secret || typeof given !== 'string') return false;
  const expected = Buffer.from(tokenOf(secret, request.cookies[SESSION_COOKIE] ?? ''));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** On every page form POST (see @FormPost): runs after the global AuthGuard. */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!csrfValid(context.switchToHttp().getRequest<FastifyRequest>())) throw new CsrfRejected('CSRF token missing or invalid');
    return true;
  }
}
