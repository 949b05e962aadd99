import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Role } from '../users/role.enum';
import { UserStatusService } from '../users/user-status.service';
import type { AuthUser, TokenClaims } from './auth-user';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

/** Global guard: verifies the bearer token, refuses disabled users, and checks the route's declared roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly userStatus: UserStatusService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(user.role)) {
      throw DomainError.forbidden(`This action needs one of the roles: ${(roles ?? []).join(', ') || 'none'}`);
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw unauthenticated('A bearer token is required');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw unauthenticated('The token is invalid or has expired');
    }
    if (!(await this.userStatus.isActive(claims.sub))) throw unauthenticated('This account is disabled');
    return { userId: claims.sub, role: claims.role, buyerId: claims.bid, cooperativeId: claims.cid };
  }
}

function unauthenticated(message: string): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, message);
}
