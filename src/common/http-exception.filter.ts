import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from './domain-error';
import { STATUS_BY_CODE } from './error-status';
import { isUnroutedPageRequest, renderErrorPage } from '../web/web-exception.filter';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.ValidationFailed,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.Unauthenticated,
  [HttpStatus.FORBIDDEN]: ErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: ErrorCode.NotFound,
  [HttpStatus.CONFLICT]: ErrorCode.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ErrorCode.UnsupportedMediaType,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.TooManyRequests,
};

/** The one place where any failure becomes the public error shape {statusCode, code, message, details?, requestId}. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toBody(exception, String(request.id));
    // A browser opening a path no route serves gets the 404 page; API routes keep their JSON.
    if (isUnroutedPageRequest(request)) {
      void renderErrorPage(request, reply, body.statusCode);
      return;
    }
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    void reply.status(body.statusCode).header('x-request-id', body.requestId).send(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: STATUS_BY_CODE[exception.code],
        code: exception.code,
        message: exception.message,
        details: exception.details,
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const payload = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const code = typeof payload.code === 'string' ? payload.code : (CODE_BY_STATUS[statusCode] ?? ErrorCode.InternalError);
      const message = Array.isArray(payload.message)
        ? payload.message.join('; ')
        : typeof payload.message === 'string'
          ? payload.message
          : exception.message;
      return { statusCode, code, message, details: payload.details, requestId };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Errors raised by Fastify itself before Nest sees the request: bad JSON, body too large, wrong media type.
      return {
        statusCode: fastifyStatus,
        code: CODE_BY_STATUS[fastifyStatus] ?? ErrorCode.ValidationFailed,
        message: (exception as Error).message,
        details:
          fastifyStatus === Number(HttpStatus.BAD_REQUEST) ? [{ field: 'body', messages: [(exception as Error).message] }] : undefined,
        requestId,
      };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: ErrorCode.InternalError, message: 'Internal server error', requestId };
  }
}
