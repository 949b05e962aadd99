import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/session';
import { DomainError, ErrorCode } from '../common/domain-error';
import { CsrfRejected } from './csrf';
import { redirectTo, renderPage } from './pages';
import { endSession } from './session-cookie';

const PAGE_BY_STATUS: Record<number, string> = {
  [HttpStatus.FORBIDDEN]: 'error.403',
  [HttpStatus.NOT_FOUND]: 'error.404',
  [HttpStatus.TOO_MANY_REQUESTS]: 'error.429',
};

/**
 * What a page shows when its handler or a guard fails: no session (or an expired one) is the
 * login form, saying the session ended; anything else an error page in the visitor's language with
 * the request id. Used by every page controller (see @WebController) and by the global filter for
 * browser requests that match no route.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebExceptionFilter');

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof DomainError && exception.code === ErrorCode.Unauthenticated) {
      return toLogin(request, reply);
    }
    const status = statusOf(exception);
    if (status >= 500) this.logger.error({ err: exception, requestId: request.id }, 'Page failed');
    await renderErrorPage(request, reply, status, exception instanceof CsrfRejected ? 'error.csrf' : undefined);
  }
}

export async function renderErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, page?: string): Promise<void> {
  const key = page ?? PAGE_BY_STATUS[status] ?? 'error.500';
  await renderPage(request, reply, 'views/error.eta', { status, title: `${key}.title` }, { message: `${key}.body` });
}

async function toLogin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = new URLSearchParams();
  if (request.method === 'GET') query.set('kembali', request.url);
  if (request.cookies?.[SESSION_COOKIE]) {
    query.set('sesi', 'habis');
    endSession(reply);
  }
  const search = query.toString();
  await redirectTo(reply, search ? `/masuk?${search}` : '/masuk');
}

function statusOf(exception: unknown): number {
  if (exception instanceof CsrfRejected) return HttpStatus.FORBIDDEN;
  if (exception instanceof DomainError) {
    if (exception.code === ErrorCode.NotFound) return HttpStatus.NOT_FOUND;
    if (exception.code === ErrorCode.Forbidden) return HttpStatus.FORBIDDEN;
    if (exception.code === ErrorCode.TooManyRequests) return HttpStatus.TOO_MANY_REQUESTS;
    if (exception.code === ErrorCode.ValidationFailed) return HttpStatus.NOT_FOUND;
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }
  if (exception instanceof HttpException) return exception.getStatus();
  const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
  return typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500
    ? fastifyStatus
    : HttpStatus.INTERNAL_SERVER_ERROR;
}

/** A browser asking for a page that no route serves: the 404 page instead of the API's JSON. */
export function isUnroutedPageRequest(request: FastifyRequest): boolean {
  return request.routeOptions?.url === undefined && (request.headers.accept ?? '').includes('text/html');
}
