import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { finalize, Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { openAuditScope } from './audit-context';

const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Routes that never change an order's status and are too hot to pay for the context: placing an
 * order only INSERTs (its 'placed' history entry is synthesised from the order row), and the
 * wave-opening rush runs through it.
 */
const WITHOUT_CONTEXT = new Set(['POST /waves/:id/orders']);

/**
 * Makes the caller of every changing request the current audit actor, so that whatever the
 * request changes in the database (through any module) is recorded with its user, role and
 * request id: AuditContextSubscriber hands the actor to PostgreSQL at the start of each transaction.
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    if (READ_ONLY.has(request.method) || WITHOUT_CONTEXT.has(`${request.method} ${request.routeOptions?.url}`)) return next.handle();
    const scope = openAuditScope(
      { userId: request.user?.userId ?? null, role: request.user?.role ?? 'PUBLIC', requestId: String(request.id).slice(0, 64) },
      () => next.handle(),
    );
    return scope.result.pipe(finalize(scope.end));
  }
}
