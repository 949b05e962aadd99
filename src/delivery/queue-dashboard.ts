import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { TokenClaims } from '../auth/auth-user';
import { AuthService } from '../auth/auth.service';
import { QueueRegistry } from '../queues/queue-registry';
import { Role } from '../users/role.enum';
import { UserStatusService } from '../users/user-status.service';

export const DASHBOARD_PATH = '/admin/queues';
const BASIC_CACHE_MS = 60_000;

/**
 * The bull-board queue dashboard at /admin/queues, for administrators only: a bearer token of an
 * administrator, or (for a browser) HTTP Basic with an administrator's username and password.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly basicCache = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: QueueRegistry,
    private readonly moduleRef: ModuleRef,
    private readonly auth: AuthService,
    private readonly userStatus: UserStatusService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
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
    const verdict = await this.verdict(request.headers.authorization).catch(() => 'unauthenticated' as const);
    if (verdict === 'admin') return;
    const status = verdict === 'forbidden' ? 403 : 401;
    if (status === 401) void reply.header('WWW-Authenticate', 'Basic realm="Gelombang queues", charset="UTF-8"');
    await reply.code(status).send({
      statusCode: status,
      code: status === 403 ? 'FORBIDDEN' : 'UNAUTHENTICATED',
      message: status === 403 ? 'The queue dashboard is for administrators' : 'Log in as an administrator',
      requestId: String(request.id),
    });
  }

  private async verdict(header: string | undefined): Promise<'admin' | 'forbidden' | 'unauthenticated'> {
    if (header?.startsWith('Bearer ')) {
      const claims = await this.moduleRef.get(JwtService, { strict: false }).verifyAsync<TokenClaims>(header.slice(7).trim());
      if (!(await this.userStatus.isActive(claims.sub))) return 'unauthenticated';
      return claims.role === Role.Admin ? 'admin' : 'forbidden';
    }
    if (header?.startsWith('Basic ')) {
      const key = createHash('sha256').update(header).digest('hex');
      const cached = this.basicCache.get(key);
      if (cached && cached.until > Date.now()) return cached.admin ? 'admin' : 'forbidden';
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return 'unauthenticated';
      const login = await this.auth.login(decoded.slice(0, colon), decoded.slice(colon + 1));
      const admin = login.role === Role.Admin;
      if (this.basicCache.size > 100) this.basicCache.clear();
      this.basicCache.set(key, { admin, until: Date.now() + BASIC_CACHE_MS });
      return admin ? 'admin' : 'forbidden';
    }
    return 'unauthenticated';
  }
}
