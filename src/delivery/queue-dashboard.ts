import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setRetryAfter } from '../auth/auth.controller';
import type { AuthUser } from '../auth/auth-user';
import { AuthService } from '../auth/auth.service';
import { SESSION_COOKIE, SessionAuthenticator } from '../auth/session';
import { DomainError, ErrorCode } from '../common/domain-error';
import { STATUS_BY_CODE } from '../common/error-status';
import { QueueRegistry } from '../queues/queue-registry';
import { Role } from '../users/role.enum';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * The bull-board queue dashboard at /admin/queues, for administrators only, behind the same
 * authentication as every route (SessionAuthenticator): an administrator's bearer token or the web
 * pages' session cookie, so a disabled administrator loses it with their next request. A browser
 * without a session may answer the HTTP Basic prompt: those credentials go through the one login
 * (AuthService.login, with its throttling per account and address), and the token it issues is
 * set as the session cookie, so later requests are not a password check each.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: QueueRegistry,
    private readonly auth: AuthService,
    private readonly session: SessionAuthenticator,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.<FastifyInstance>();
    if (!fastify) return;
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: this.queues.allQueues().map((queue) => new BullMQAdapter(queue)),
      // @bull-board/fastify carries its own copy of @bull-board/api's types (one patch version apart).
      serverAdapter: serverAdapter as never,
      options: { uiConfig: { boardTitle: 'Gelombang queues' } },
    });
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', (request, reply) => this.guard(request, reply));
      await scope.register(serverAdapter.registerPlugin() as never, { prefix: DASHBOARD_PATH });
    });
  }

  private async guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const user = await this.caller(request, reply);
      if (user.role !== Role.Admin) throw DomainError.forbidden('The queue dashboard is for administrators');
    } catch (error) {
      const failure = error instanceof DomainError ? error : new DomainError(ErrorCode.Unauthenticated, 'Log in as an administrator');
      const status = STATUS_BY_CODE[failure.code];
      setRetryAfter(reply, failure);
      if (status === HttpStatus.UNAUTHORIZED) void reply.header('WWW-Authenticate', 'Basic realm="Gelombang queues", charset="UTF-8"');
      await reply.code(status).send({ statusCode: status, code: failure.code, message: failure.message, requestId: String(request.id) });
    }
  }

  private async caller(request: FastifyRequest, reply: FastifyReply): Promise<AuthUser> {
    const { authorization, cookie } = request.headers;
    const basic = authorization?.startsWith('Basic ') ? authorization.slice(6) : undefined;
    if (!basic) return this.session.authenticate({ authorization, cookie });
    const session = await this.session.authenticate({ cookie }).catch(() => null);
    if (session) return session;
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new DomainError(ErrorCode.Unauthenticated, 'Log in as an administrator');
    const { accessToken } = await this.auth.login(decoded.slice(0, colon), decoded.slice(colon + 1), request.ip);
    const user = await this.session.authenticate({ authorization: `Bearer ${accessToken}` });
    if (user.role === Role.Admin) {
      void reply.header(
        'set-cookie',
        `${SESSION_COOKIE}=${accessToken}; Path=/; HttpOnly; SameSite=Strict${request.protocol === 'https' ? '; Secure' : ''}`,
      );
    }
    return user;
  }
}
