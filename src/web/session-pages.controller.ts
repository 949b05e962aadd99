import { Body, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { Public } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { SessionAuthenticator } from '../auth/session';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Role } from '../users/role.enum';
import { isLocale } from './i18n';
import { LOCALE_COOKIE, redirectTo, renderPage } from './pages';
import { endSession, HOME_BY_ROLE, localPath, startSession } from './session-cookie';
import { FormPost, WebController } from './web.decorators';

interface LoginForm {
  username?: unknown;
  password?: unknown;
  kembali?: unknown;
}

/** The way in and out: `/`, the login form at /masuk, logout, and the language switch. */
@WebController()
@Public()
export class SessionPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionAuthenticator,
  ) {}

  @Get()
  async root(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = await this.signedIn(request);
    await redirectTo(reply, user ? HOME_BY_ROLE[user.role] : '/masuk');
  }

  @Get('masuk')
  async loginForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('kembali') kembali?: string,
    @Query('sesi') sesi?: string,
    @Query('keluar') keluar?: string,
  ): Promise<void> {
    const user = await this.signedIn(request);
    if (user) return redirectTo(reply, HOME_BY_ROLE[user.role]);
    const notice = sesi === 'habis' ? 'login.expired' : keluar !== undefined ? 'login.loggedOut' : undefined;
    await renderPage(request, reply, 'views/login.eta', { title: 'login.title' }, { notice, kembali: localPath(kembali) });
  }

  @FormPost('masuk')
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: LoginForm): Promise<void> {
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const kembali = localPath(form.kembali);
    try {
      const { accessToken, role } = await this.auth.login(username, password, request.ip);
      startSession(reply, accessToken);
      await redirectTo(reply, kembali && mayGo(role, kembali) ? kembali : HOME_BY_ROLE[role]);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const tooMany = error.code === ErrorCode.TooManyRequests;
      if (!tooMany && error.code !== ErrorCode.Unauthenticated && error.code !== ErrorCode.ValidationFailed) throw error;
      await renderPage(
        request,
        reply,
        'views/login.eta',
        { title: 'login.title', status: tooMany ? 429 : 401 },
        {
          error: tooMany ? 'login.tooMany' : 'login.failed',
          username,
          kembali,
        },
      );
    }
  }

  @FormPost('keluar')
  async logout(@Res() reply: FastifyReply): Promise<void> {
    endSession(reply);
    await redirectTo(reply, '/masuk?keluar=1');
  }

  @Get('bahasa/:locale')
  async switchLanguage(
    @Param('locale') locale: string,
    @Query('kembali') kembali: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (isLocale(locale)) void reply.setCookie(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
    await redirectTo(reply, localPath(kembali) ?? '/');
  }

  /** The session's user on a public page, or null: no session is no error here. */
  private async signedIn(request: FastifyRequest): Promise<AuthUser | null> {
    const user = await this.sessions.authenticate({ cookie: request.headers.cookie }).catch(() => null);
    if (user) (request as FastifyRequest & { user?: AuthUser }).user = user;
    return user;
  }
}

/** After login a page of the user's own area: a buyer sent back to /petugas would only see 403. */
function mayGo(role: Role, path: string): boolean {
  const home = HOME_BY_ROLE[role];
  const areas = role === Role.Buyer ? [home, '/pesanan'] : [home];
  return areas.some((area) => path === area || path.startsWith(`${area}/`) || path.startsWith(`${area}?`));
}
