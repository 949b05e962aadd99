import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from '../users/role.enum';
import type { AuthUser } from './auth-user';

export const ROLES_KEY = 'gelombang:roles';
export const PUBLIC_KEY = 'gelombang:public';

/** The route needs no token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles that may call the route. A route that declares neither this nor @Public() is refused to everyone. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED' }),
    ApiForbiddenResponse({ description: 'FORBIDDEN' }),
  );

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
