import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, ErrorCode } from '../common/domain-error';
import { UserStatusService } from '../users/user-status.service';
import type { AuthUser, TokenClaims } from './auth-user';

/**
 * The cookie the web pages keep the access token in (HttpOnly, SameSite=Strict): the same JWT a
 * bearer header carries, so both are checked by the same code.
 */
export const SESSION_COOKIE = 'gelombang_session';

interface RequestHeaders {
  authorization?: string;
  cookie?: string;
}

/**
 * Who is calling: the one check behind the global guard and the queue dashboard. A token must be
 * validly signed, unexpired, and name an existing, enabled account whose role is the token's role;
 * what the answer carries (role, buyer, cooperative) comes from the account, not from the claims.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly userStatus: UserStatusService,
  ) {}

  async authenticate(headers: RequestHeaders): Promise<AuthUser> {
    const token = bearerToken(headers.authorization) ?? sessionCookie(headers.cookie);
    if (!token) throw unauthenticated('A bearer token is required');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw unauthenticated('The token is invalid or has expired');
    }
    const identity = await this.userStatus.identity(claims.sub);
    if (!identity || identity.role !== claims.role) throw unauthenticated('The token does not name an account');
    if (!(await this.userStatus.isActive(claims.sub, claims.iat)))
      throw unauthenticated('This account is disabled, or its password was reset since the token was issued');
    return {
      userId: claims.sub,
      role: identity.role,
      buyerId: identity.buyerId ?? undefined,
      cooperativeId: identity.cooperativeId ?? undefined,
    };
  }
}

function bearerToken(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || undefined : undefined;
}

function sessionCookie(header: string | undefined): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
  }
  return undefined;
}

function unauthenticated(message: string): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, message);
}
