import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import { Role } from '../users/role.enum';
import type { AuthUser } from './auth-user';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { SessionAuthenticator } from './session';

/** Global guard: authenticates the caller (bearer token or session cookie, see SessionAuthenticator), and checks the route's declared roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly session: SessionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const user = await this.session.authenticate(request.headers);
    request.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(user.role)) {
      throw DomainError.forbidden(`This action needs one of the roles: ${(roles ?? []).join(', ') || 'none'}`);
    }
    return true;
  }
}
