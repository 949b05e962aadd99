import { ReportsService } from '../../src/reports/reports.service';
import { ADMIN, startTestContext, TestContext } from '../support/test-app';
import { cookiesOf, csrfOf, pageLogin } from './support/forms';

describe('web foundation: sessions, CSRF, error pages, headers', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext();
  });
  afterAll(() => ctx.close());

  it('sends a signed-out visitor of / to the login form, which labels its fields in Bahasa', async () => {
    await ctx.http.get('/').expect(303).expect('location', '/masuk');
    const page = await ctx.http
      .get('/masuk')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(page.text).toContain('<label for="username">NIP atau nama pengguna</label>');
    expect(page.text).toContain('<label for="password">Kata sandi</label>');
    expect(page.text).toMatch(/<button type="submit" class="primary">Masuk<\/button>/);
    expect(page.text).toContain('<html lang="id">');
  });

  it('puts a CSP without inline scripts and helmet headers on pages, and compresses them', async () => {
    const page = await ctx.http.get('/masuk').set('accept-encoding', 'br').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  it('refuses a form POST without a valid CSRF token with the "form expired" page', async () => {
    const page = await ctx.http.post('/masuk').type('form').send({ username: ADMIN.username, password: ADMIN.password }).expect(403);
    expect(page.text).toContain('Formulir kedaluwarsa');
    const form = await ctx.http.get('/masuk');
    const cookie = cookiesOf(form);
    await ctx.http
      .post('/masuk')
      .set('cookie', cookie)
      .type('form')
      .send({ _csrf: `${csrfOf(form.text)}x`, username: ADMIN.username, password: ADMIN.password })
      .expect(403);
  });

  it('logs in into an HttpOnly SameSite=Lax cookie and sends each role to its home; logout ends the session', async () => {
    const form = await ctx.http.get('/masuk');
    const posted = await ctx.http
      .post('/masuk')
      .set('cookie', cookiesOf(form))
      .type('form')
      .send({ _csrf: csrfOf(form.text), username: ADMIN.username, password: ADMIN.password })
      .expect(303)
      .expect('location', '/admin');
    const session = (posted.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('gelombang_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
    const cookie = cookiesOf(posted, cookiesOf(form));
    await ctx.http.get('/').set('cookie', cookie).expect(303).expect('location', '/admin');
    await ctx.http.get('/masuk').set('cookie', cookie).expect(303).expect('location', '/admin');
  });

  it('answers a wrong password on the same form, in Bahasa, keeping the username', async () => {
    const form = await ctx.http.get('/masuk');
    const page = await ctx.http
      .post('/masuk')
      .set('cookie', cookiesOf(form))
      .type('form')
      .send({ _csrf: csrfOf(form.text), username: 'admin', password: 'salah-sekali' })
      .expect(401);
    expect(page.text).toContain('role="alert"');
    expect(page.text).toContain('NIP/nama pengguna atau kata sandi salah.');
    expect(page.text).toContain('value="admin"');
  });

  it('shows an expired or forged session as the login form, not as an error', async () => {
    const stale = 'gelombang_session=eyJhbGciOiJIUzI1NiJ9.e30.invalid';
    await ctx.http.get('/').set('cookie', stale).expect(303).expect('location', '/masuk');
    const login = await ctx.http.get('/masuk?sesi=habis').set('cookie', stale).expect(200);
    expect(login.text).toContain('Sesi Anda telah berakhir');
  });

  it('shows a 404 page in Bahasa with the request id to a browser, and keeps the JSON 404 for the API', async () => {
    const page = await ctx.http
      .get('/tidak-ada')
      .set('accept', 'text/html,application/xhtml+xml')
      .set('x-request-id', 'req-404-test')
      .expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Halaman tidak ditemukan');
    expect(page.text).toContain('req-404-test');
    const api = await ctx.http.get('/tidak-ada').expect(404);
    expect(api.body).toEqual(expect.objectContaining({ statusCode: 404, code: 'NOT_FOUND' }));
  });

  it('shows a 500 page in Bahasa with the request id when a page fails, without the error itself', async () => {
    const cookie = await pageLogin(ctx, ADMIN.username, ADMIN.password);
    const reports = ctx.apps[0].get(ReportsService);
    const failing = jest.spyOn(reports, 'acrossWaves').mockRejectedValue(new Error('relation "orders" is on fire'));
    try {
      const page = await ctx.http
        .get('/admin/laporan')
        .set('cookie', cookie)
        .set('accept', 'text/html,application/xhtml+xml')
        .set('x-request-id', 'req-500-test')
        .expect(500);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('<html lang="id">');
      expect(page.text).toMatch(/<h1[^>]*>Terjadi kesalahan di server<\/h1>/);
      expect(page.text).toContain('Maaf, permintaan Anda tidak dapat diproses. Coba lagi sebentar lagi.');
      expect(page.text).toContain('Kode permintaan: req-500-test');
      expect(page.text).not.toContain('on fire');
      expect(failing).toHaveBeenCalled();
      // The same failure in English for a reader who switched.
      const english = await ctx.http.get('/admin/laporan').set('cookie', `${cookie}; gelombang_lang=en`).set('x-request-id', 'req-500-en');
      expect(english.status).toBe(500);
      expect(english.text).toContain('Request id: req-500-en');
    } finally {
      failing.mockRestore();
    }
  });

  it('switches to English and back, only to paths of this site', async () => {
    const switched = await ctx.http.get('/bahasa/en?kembali=/masuk').expect(303).expect('location', '/masuk');
    const page = await ctx.http.get('/masuk').set('cookie', cookiesOf(switched)).expect(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('No account yet?');
    await ctx.http.get('/bahasa/en?kembali=//evil.example').expect(303).expect('location', '/');
  });

  it('serves the stylesheet compressed and cacheable for a year', async () => {
    const page = await ctx.http.get('/masuk');
    const href = /href="(\/aset\/app\.css\?v=[0-9a-f]+)"/.exec(page.text)![1];
    const css = await ctx.http.get(href).set('accept-encoding', 'gzip').expect(200);
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(css.headers['cache-control']).toContain('immutable');
  });
});
