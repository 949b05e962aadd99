import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Public, Roles } from '../../auth/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { IdParam } from '../../common/id-param';
import { DeskOrdersService } from '../../desk/desk-orders.service';
import { DeskTransactions } from '../../desk/desk-transactions';
import { Role } from '../../users/role.enum';
import { PUBLIC_DIR } from '../assets';
import { redirectTo, renderPage, translatorFor } from '../pages';
import { HOME_BY_ROLE } from '../session-cookie';
import { WebController } from '../web.decorators';
import { DESK_CLIENT_KEYS } from '../i18n/desk';
import { DeskPagesService } from './desk-pages.service';

/**
 * qr-scanner's module, and its decoding worker. The package makes the worker from a blob: URL, which
 * the pages' CSP (workers from 'self' only) refuses; so its worker module is replaced by one that
 * starts the same worker code from /petugas/scanner/qr-worker.js.
 */
function scannerFiles(): Record<string, Buffer> {
  const workerModule = readFileSync(require.resolve('qr-scanner/qr-scanner-worker.min.js'), 'utf8');
  const start = workerModule.indexOf('new Blob([`') + 'new Blob([`'.length;
  const end = workerModule.lastIndexOf('`]),{type');
  // The worker's code is a template literal whose only escapes are \` and \$.
  const workerCode = workerModule.slice(start, end).replace(/\\([`$])/g, '$1');
  return {
    'qr-scanner.min.js': readFileSync(require.resolve('qr-scanner/qr-scanner.min.js')),
    'qr-scanner-worker.min.js': Buffer.from("export const createWorker = () => new Worker('/petugas/scanner/qr-worker.js');\n"),
    'qr-worker.js': Buffer.from(workerCode),
  };
}
let scannerCache: Record<string, Buffer> | null = null;

/**
 * The dropping-point officer's pages: their points, and a point's desk for a wave. The desk page is
 * a shell that src/web/public/desk.js fills from the desk's JSON API with the same session cookie,
 * so it keeps working offline from what it stored (IndexedDB, service worker).
 */
@WebController('petugas')
@Roles(Role.Officer, Role.Admin, Role.Buyer, Role.CoopManager)
export class DeskPagesController {
  constructor(
    private readonly deskOrders: DeskOrdersService,
    private readonly transactions: DeskTransactions,
    private readonly pages: DeskPagesService,
  ) {}

  @Get()
  async points(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    if (user.role !== Role.Officer) return redirectTo(reply, HOME_BY_ROLE[user.role]);
    const points = await this.deskOrders.pointsOf(user.userId);
    const withWaves = await Promise.all(points.map(async (point) => ({ point, waves: await this.pages.wavesOf(point.id) })));
    await renderPage(request, reply, 'desk/points.eta', { title: 'desk.points.title' }, { points: withWaves });
  }

  @Get('titik/:id')
  async desk(
    @IdParam() pointId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('gelombang') waveParam?: string,
  ): Promise<void> {
    if (user.role !== Role.Officer && user.role !== Role.Admin) return redirectTo(reply, HOME_BY_ROLE[user.role]);
    await this.transactions.assertPointScope(user, pointId);
    const [point, { wave, waves }] = await Promise.all([this.pages.point(pointId), this.pages.waveOf(pointId, waveParam)]);
    const t = translatorFor(request);
    const texts = Object.fromEntries(DESK_CLIENT_KEYS.map((key) => [key, t(key)]));
    await renderPage(
      request,
      reply,
      'desk/desk.eta',
      { title: 'desk.desk.title', titleParams: { point: point.name } },
      {
        point,
        wave,
        waves,
        texts: JSON.stringify(texts),
        scripts: ['desk.js'],
        active: 'desk',
      },
    );
  }

  /** The service worker, from /petugas/ so that its scope covers the desk pages. */
  @Get('desk-sw.js')
  @Public()
  serviceWorker(@Res() reply: FastifyReply): void {
    void reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(readFileSync(join(PUBLIC_DIR, 'desk-sw.js')));
  }

  @Get('scanner/:file')
  @Public()
  scanner(@Param('file') file: string, @Res() reply: FastifyReply): void {
    scannerCache ??= scannerFiles();
    const content = Object.hasOwn(scannerCache, file) ? scannerCache[file] : undefined;
    if (!content) throw DomainError.notFound('File');
    void reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(content);
  }
}
