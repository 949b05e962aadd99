import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { assetUrl } from './assets';
import { CSRF_FIELD, csrfToken } from './csrf';
import { FORMATTERS } from './format';
import { DEFAULT_LOCALE, isLocale, Locale, MESSAGES, Params, translate } from './i18n';
import { NAV_BY_ROLE } from './nav';

export const LOCALE_COOKIE = 'gelombang_lang';

export function localeOf(request: FastifyRequest): Locale {
  const chosen = request.cookies?.[LOCALE_COOKIE];
  return isLocale(chosen) ? chosen : DEFAULT_LOCALE;
}

/** The catalogue in the request's language: `t('buyer.wave.order', { n: 2 })`. */
export function translatorFor(request: FastifyRequest): (key: string, params?: Params) => string {
  const locale = localeOf(request);
  return (key, params) => translate(MESSAGES, locale, key, params);
}

export interface PageOptions {
  status?: number;
  /** The page's <title> and <h1>: a catalogue key. */
  title: string;
  /** Title parameters, e.g. a wave's name. */
  titleParams?: Params;
}

/**
 * Renders a template of src/web inside the layout and sends it. Every template gets, besides
 * `data`: `t` (catalogue), `f` (money, weights, WIB times), `csrf` ({field, token}) for its forms,
 * `user` (the session's AuthUser or undefined), `asset(name)`, `locale`, `path` and `requestId`.
 */
export async function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  options: PageOptions,
  data: Record<string, unknown> = {},
): Promise<void> {
  const locale = localeOf(request);
  const t = translatorFor(request);
  const user = (request as FastifyRequest & { user?: AuthUser }).user;
  const html = await reply.viewAsync(template, {
    ...data,
    t,
    f: FORMATTERS[locale],
    csrf: { field: CSRF_FIELD, token: csrfToken(request, reply) },
    user,
    nav: user ? NAV_BY_ROLE[user.role] : [],
    asset: assetUrl,
    locale,
    path: request.url,
    requestId: String(request.id),
    title: t(options.title, options.titleParams),
  });
  await securePage(reply);
  void reply
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

/** POST-redirect-GET: 303, so a reload of the next page does not send the form again. */
export async function redirectTo(reply: FastifyReply, url: string): Promise<void> {
  await securePage(reply);
  void reply.status(303).header('cache-control', 'no-store').redirect(url);
}

/** Helmet's headers and the CSP, on pages only (the JSON API and /docs keep theirs). */
async function securePage(reply: FastifyReply): Promise<void> {
  const apply = (reply as FastifyReply & { helmet?: () => Promise<void> | void }).helmet;
  if (typeof apply === 'function') await apply.call(reply);
}
