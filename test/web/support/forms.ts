import type { Response } from 'supertest';
import type { TestContext } from '../../support/test-app';

/** The cookies a response sets, as one Cookie header value to send back (name=value; ...). */
export function cookiesOf(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const),
  );
  const set = response.headers['set-cookie'] as unknown as string[] | undefined;
  for (const line of set ?? []) {
    const pair = line.split(';')[0];
    const name = pair.slice(0, pair.indexOf('='));
    if (pair.endsWith('=') || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF field on the page');
  return match[1];
}

/** Logs in through the /masuk form, as a browser would; returns the Cookie header of the session. */
export async function pageLogin(ctx: TestContext, username: string, password: string): Promise<string> {
  const form = await ctx.http.get('/masuk').expect(200);
  let cookie = cookiesOf(form);
  const posted = await ctx.http
    .post('/masuk')
    .set('cookie', cookie)
    .type('form')
    .send({ _csrf: csrfOf(form.text), username, password })
    .expect(303);
  cookie = cookiesOf(posted, cookie);
  return cookie;
}
