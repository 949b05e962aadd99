import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bearer, createWave, packOf, ReferenceCase, referenceCase, registerBuyer, TestBuyer } from '../support/fixtures';
import { sql } from '../support/test-app';
import { launchBrowser, logIn, onPhone, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

/** Set WEB_SCREENSHOTS=1 to refresh the README's pictures of the buyer's pages. */
const SHOTS = process.env.WEB_SCREENSHOTS ? join(__dirname, '..', '..', 'docs', 'screenshots') : null;

const KB = 1024;

/** Every buyer flow in Chromium at 360x740, axe on each page, and the wave page's weight on first load. */
describe('buyer pages in a phone browser', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let wave: { id: string; name: string };

  beforeAll(async () => {
    ctx = await startWebContext();
    ref = await referenceCase(ctx);
    wave = await createWave(ctx, ref, { capacityKg: 2_900, perBuyerLimitKg: 40 });
    browser = await launchBrowser();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  async function shot(page: Page, name: string): Promise<void> {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `buyer-${name}.png`), fullPage: true });
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousAxeViolations(page)).toEqual([]);
  }

  async function buyer(i: number): Promise<{ nip: string; password: string; id: string }> {
    const created = await registerBuyer(ctx, i);
    return { nip: created.nip, password: `password-${i}`, id: created.id };
  }

  async function openWave(page: Page): Promise<void> {
    await page.goto('/gelombang');
    await page.getByRole('link', { name: wave.name }).first().click();
    await page.waitForURL(`**/gelombang/${wave.id}`);
  }

  it('logs in from /, orders 2 x 10 kg for pickup and sees the pickup code, total and QR code', async () => {
    const siti = await buyer(1);
    await onPhone(browser, ctx.baseUrl, 'order-pickup', async (page) => {
      await page.goto('/');
      expect(new URL(page.url()).pathname).toBe('/masuk');
      await expectAccessible(page);
      await shot(page, 'login');
      await logIn(page, siti.nip, siti.password);
      expect(new URL(page.url()).pathname).toBe('/gelombang');
      await expectAccessible(page);
      await shot(page, 'waves');
      await openWave(page);
      await expectAccessible(page);
      await page.getByLabel('Jumlah 10 kg').fill('2');
      await page.waitForFunction(`document.getElementById('total').textContent === 'Rp 220.000'`);
      await page.getByLabel('Titik ambil').selectOption({ label: 'Lenteng Agung' });
      await page.getByLabel('Ambil di titik').check();
      expect(await page.getByLabel('Alamat').isVisible()).toBe(false);
      await shot(page, 'wave');
      await Promise.all([page.waitForURL(/\/pesanan\/[0-9a-f-]{36}/), page.getByRole('button', { name: 'Pesan sekarang' }).click()]);
      const code = (await page.getByTestId('pickup-code').textContent())!.trim();
      expect(code).toMatch(/^[A-Z0-9-]{4,12}$/);
      expect(await page.locator('main').textContent()).toContain('Rp 220.000');
      const qr = page.getByAltText('Kode QR pengambilan');
      await qr.waitFor();
      expect(await qr.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0)).toBe(true);
      await expectAccessible(page);
      await shot(page, 'order');
      await page.getByRole('link', { name: 'Pesanan saya', exact: true }).click();
      await page.waitForURL('**/pesanan');
      expect(await page.getByRole('link', { name: `Pesanan ${code}` }).count()).toBe(1);
      await expectAccessible(page);
      await shot(page, 'orders');
    });
  });

  it('keeps the wave page within 60 kB transferred (20 kB of JavaScript) on first load', async () => {
    const budi = await buyer(2);
    await onPhone(browser, ctx.baseUrl, 'budget', async (page) => {
      await logIn(page, budi.nip, budi.password);
      const transfers: { type: string; bytes: number; url: string }[] = [];
      page.on('requestfinished', (request) => {
        void request
          .sizes()
          .then((sizes) =>
            transfers.push({ type: request.resourceType(), url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize }),
          );
      });
      await page.goto(`/gelombang/${wave.id}`, { waitUntil: 'networkidle' });
      await page.waitForTimeout(200);
      const total = transfers.reduce((sum, t) => sum + t.bytes, 0);
      const js = transfers.filter((t) => t.type === 'script').reduce((sum, t) => sum + t.bytes, 0);
      console.log(
        `wave page first load: ${(total / KB).toFixed(1)} kB in ${transfers.length} responses, JavaScript ${(js / KB).toFixed(1)} kB`,
      );
      expect(transfers.some((t) => t.type === 'script')).toBe(true);
      expect(total).toBeLessThanOrEqual(60 * KB);
      expect(js).toBeLessThanOrEqual(20 * KB);
    });
  });

  it('shows a refusal over the buyer limit on the same page, the form still filled in', async () => {
    const ani = await buyer(3);
    await onPhone(browser, ctx.baseUrl, 'refusal-limit', async (page) => {
      await logIn(page, ani.nip, ani.password);
      await openWave(page);
      await page.getByLabel('Jumlah 20 kg').fill('3');
      await page.getByLabel('Titik ambil').selectOption({ label: 'Lenteng Agung' });
      await page.getByRole('button', { name: 'Pesan sekarang' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Melebihi batas per pembeli');
      expect(await alert.textContent()).toContain('40 kg per orang');
      expect(new URL(page.url()).pathname).toBe(`/gelombang/${wave.id}`);
      expect(await page.getByLabel('Jumlah 20 kg').inputValue()).toBe('3');
      await expectAccessible(page);
      await shot(page, 'refused');
    });
  });

  it('orders a home delivery with an address; a double tap makes one order', async () => {
    const dewi = await buyer(4);
    await onPhone(browser, ctx.baseUrl, 'delivery-double-tap', async (page) => {
      await logIn(page, dewi.nip, dewi.password);
      await openWave(page);
      await page.getByLabel('Jumlah 5 kg').fill('1');
      await page.getByLabel('Titik ambil').selectOption({ label: 'Lenteng Agung' });
      await page.getByLabel('Antar ke rumah').check();
      await page.getByLabel('Alamat').fill('Jl. Lenteng Agung Raya No. 10, Jagakarsa');
      await Promise.all([page.waitForURL(/\/pesanan\//), page.getByRole('button', { name: 'Pesan sekarang' }).dblclick()]);
      expect(await page.locator('main').textContent()).toContain('Jl. Lenteng Agung Raya No. 10, Jagakarsa');
      const rows = await sql<{ n: string }>(ctx.databaseUrl, 'SELECT count(*) AS n FROM orders WHERE buyer_id = $1', [dewi.id]);
      expect(Number(rows[0].n)).toBe(1);
    });
  });

  it('can be used with the keyboard alone: tab to the fields, type, press Enter', async () => {
    const eko = await buyer(5);
    await onPhone(browser, ctx.baseUrl, 'keyboard', async (page) => {
      await page.goto('/masuk');
      await page.keyboard.press('Tab'); // skip link
      await page.keyboard.press('Tab'); // brand
      await page.getByLabel('NIP atau nama pengguna').focus();
      await page.keyboard.type(eko.nip);
      await page.keyboard.press('Tab');
      await page.keyboard.type(eko.password);
      await Promise.all([page.waitForURL('**/gelombang'), page.keyboard.press('Enter')]);
      await openWave(page);
      await page.getByLabel('Jumlah 5 kg').focus();
      await page.keyboard.type('1');
      await page.getByLabel('Titik ambil').focus();
      await page.keyboard.press('ArrowDown');
      await Promise.all([page.waitForURL(/\/pesanan\//), page.getByLabel('Jumlah 5 kg').press('Enter')]);
    });
  });

  it('registers with a NIP, told in Bahasa what is wrong first', async () => {
    await onPhone(browser, ctx.baseUrl, 'register', async (page) => {
      await page.goto('/masuk');
      await page.getByRole('link', { name: 'Daftar dengan NIP' }).click();
      await page.waitForURL('**/daftar');
      await expectAccessible(page);
      await page.getByLabel('NIP', { exact: true }).fill('198503122010013001');
      await page.getByLabel('Nama lengkap').fill('Rina Wulandari');
      await page.getByLabel('Instansi').fill('Kementerian Koperasi dan UKM');
      await page.getByLabel('Nomor HP').fill('081298765432');
      await page.getByLabel('Kata sandi').fill('rahasia-rina');
      await page.getByRole('button', { name: 'Daftar' }).click();
      await page.getByText('Angka ke-15 NIP (jenis kelamin) harus 1 atau 2.').waitFor();
      await expectAccessible(page);
      await shot(page, 'register');
      await page.getByLabel('NIP', { exact: true }).fill('198503122010012001');
      await page.getByLabel('Kata sandi').fill('rahasia-rina');
      await Promise.all([page.waitForURL('**/gelombang'), page.getByRole('button', { name: 'Daftar' }).click()]);
    });
  });

  it('logs out, and an expired session shows the login form', async () => {
    const fitri = await buyer(6);
    await onPhone(browser, ctx.baseUrl, 'logout', async (page) => {
      await logIn(page, fitri.nip, fitri.password);
      await Promise.all([page.waitForURL('**/masuk?keluar=1'), page.getByRole('button', { name: 'Keluar' }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('Anda sudah keluar.');
      await page.context().addCookies([{ name: 'gelombang_session', value: 'kedaluwarsa', url: ctx.baseUrl }]);
      await page.goto('/pesanan');
      expect(new URL(page.url()).pathname).toBe('/masuk');
      expect(await page.getByRole('status').textContent()).toContain('Sesi Anda telah berakhir');
      await expectAccessible(page);
    });
  });

  /** Another civil servant orders from their own phone (the JSON API), at the same time as the one in the browser. */
  async function orderElsewhere(someone: TestBuyer, on: { id: string }, sizeKg: number, quantity: number): Promise<void> {
    await ctx.http
      .post(`/waves/${on.id}/orders`)
      .set(bearer(someone.token))
      .send({
        droppingPointId: ref.points[0].id,
        fulfilment: 'pickup',
        items: [{ packId: packOf(on as never, sizeKg), quantity }],
      })
      .expect(201);
  }

  it('refuses more than is left, saying how much is left, then a sold-out wave, on the same page with the form kept', async () => {
    const small = await createWave(ctx, ref, { capacityKg: 30, perBuyerLimitKg: 30 });
    const gita = await buyer(7);
    const [first, second] = [await registerBuyer(ctx, 8), await registerBuyer(ctx, 9)];
    await onPhone(browser, ctx.baseUrl, 'refusal-stock', async (page) => {
      await logIn(page, gita.nip, gita.password);
      await page.goto(`/gelombang/${small.id}`);
      await orderElsewhere(first, small, 20, 1);
      await page.waitForTimeout(2_100); // what is left is read at most every 2 s
      await page.getByLabel('Jumlah 20 kg').fill('1');
      await page.getByLabel('Titik ambil').selectOption({ label: 'Lenteng Agung' });
      await page.getByRole('button', { name: 'Pesan sekarang' }).click();
      const notEnough = page.getByRole('alert').filter({ hasText: 'Stok tidak cukup' });
      await notEnough.waitFor();
      expect(await notEnough.textContent()).toBe(
        'Stok tidak cukup untuk jumlah ini. Sisa: Beras premium Indramayu: 10 kg. Kurangi jumlahnya lalu pesan lagi.',
      );
      expect(new URL(page.url()).pathname).toBe(`/gelombang/${small.id}`);
      expect(await page.getByLabel('Jumlah 20 kg').inputValue()).toBe('1');
      expect(await page.getByLabel('Titik ambil').locator('option:checked').textContent()).toBe('Lenteng Agung');
      await expectAccessible(page);

      // The last 10 kg go to someone else first: even one 5 kg pack is now refused as sold out.
      await orderElsewhere(second, small, 10, 1);
      await page.waitForTimeout(2_100);
      await page.getByLabel('Jumlah 20 kg').fill('0');
      await page.getByLabel('Jumlah 5 kg').fill('1');
      await page.getByRole('button', { name: 'Pesan sekarang' }).click();
      await page.getByRole('alert').filter({ hasText: 'Maaf, stok gelombang ini sudah habis.' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/gelombang/${small.id}`);
      const rows = await sql<{ n: string }>(ctx.databaseUrl, 'SELECT count(*) AS n FROM orders WHERE buyer_id = $1', [gita.id]);
      expect(Number(rows[0].n)).toBe(0);
      await expectAccessible(page);
    });
  });

  it('shows a wave not open yet with its countdown and no order button, refuses a form sent early, then opens by itself', async () => {
    const hadi = await buyer(10);
    await onPhone(browser, ctx.baseUrl, 'refusal-not-yet', async (page) => {
      await logIn(page, hadi.nip, hadi.password);
      const soon = await createWave(ctx, ref, { opensInMs: 10_000, closesInMs: 3_600_000 });
      await page.goto(`/gelombang/${soon.id}`);
      await expect(page.locator('main .badge').first().textContent()).resolves.toBe('Segera');
      await expect(page.locator('time[data-countdown]').textContent()).resolves.toMatch(/\d/);
      expect(await page.getByRole('button', { name: 'Pesan sekarang' }).count()).toBe(0);
      await expectAccessible(page);

      // A form kept from before (another tab, the back button) sent before the opening: refused in Bahasa, saying when it opens.
      await page.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = location.pathname;
        const fields = { _csrf: document.querySelector('input[name=_csrf]').value, kunci: 'k-early', 'jumlah_${packOf(soon, 5)}': '1', titik: '${ref.points[0].id}', cara: 'pickup' };
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      })()`);
      const early = page.getByRole('alert').filter({ hasText: 'Gelombang ini belum dibuka.' });
      await early.waitFor();
      expect(await early.textContent()).toMatch(/^Gelombang ini belum dibuka\. Dibuka \w+, \d+ \w+ \d{4} pukul \d{2}\.\d{2} WIB\.$/);
      await expectAccessible(page);

      // Left open, the page reloads itself at the opening time and shows the order form.
      await page.goto(`/gelombang/${soon.id}`);
      await page.getByRole('button', { name: 'Pesan sekarang' }).waitFor({ timeout: 20_000 });
      expect(Date.now()).toBeGreaterThanOrEqual(new Date(soon.opensAt).getTime());
    });
  });

  it('refuses an order sent after the wave closed, on the same page', async () => {
    const ika = await buyer(11);
    await onPhone(browser, ctx.baseUrl, 'refusal-closed', async (page) => {
      await logIn(page, ika.nip, ika.password);
      const closing = await createWave(ctx, ref, { closesInMs: 6_000 });
      await page.goto(`/gelombang/${closing.id}`);
      await page.getByLabel('Jumlah 5 kg').fill('1');
      await page.getByLabel('Titik ambil').selectOption({ label: 'Lenteng Agung' });
      await page.waitForTimeout(Math.max(0, new Date(closing.closesAt).getTime() + 1_000 - Date.now()));
      await page.getByRole('button', { name: 'Pesan sekarang' }).click();
      await page.getByRole('alert').filter({ hasText: 'Gelombang ini sudah ditutup.' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/gelombang/${closing.id}`);
      expect(await page.getByRole('button', { name: 'Pesan sekarang' }).count()).toBe(0);
      await expectAccessible(page);
    });
  });

  it('cancels an order while the wave is open', async () => {
    const joko = await buyer(12);
    await onPhone(browser, ctx.baseUrl, 'cancel', async (page) => {
      await logIn(page, joko.nip, joko.password);
      await page.goto(`/gelombang/${wave.id}`);
      await page.getByLabel('Jumlah 5 kg').fill('1');
      await page.getByLabel('Titik ambil').selectOption({ label: 'Lenteng Agung' });
      await Promise.all([page.waitForURL(/\/pesanan\/[0-9a-f-]{36}/), page.getByRole('button', { name: 'Pesan sekarang' }).click()]);
      const orderPath = new URL(page.url()).pathname;
      await page.getByRole('button', { name: 'Batalkan pesanan' }).click();
      await page.getByText('Anda membatalkan pesanan ini.').waitFor();
      expect(new URL(page.url()).pathname).toBe(orderPath);
      await expect(page.locator('main .badge').first().textContent()).resolves.toBe('Dibatalkan');
      expect(await page.getByRole('button', { name: 'Batalkan pesanan' }).count()).toBe(0);
      expect(await page.getByAltText('Kode QR pengambilan').count()).toBe(0);
      const [row] = await sql<{ status: string; cancel_reason: string }>(
        ctx.databaseUrl,
        'SELECT status, cancel_reason FROM orders WHERE buyer_id = $1',
        [joko.id],
      );
      expect(row).toEqual({ status: 'cancelled', cancel_reason: 'buyer' });
      await expectAccessible(page);
    });
  });

  // The page asks every 15 s and is answered with a figure read at most 2 s before: within 17 s.
  it('keeps "Sisa" current without a reload while others order', async () => {
    const live = await createWave(ctx, ref, { capacityKg: 1_000, perBuyerLimitKg: 40 });
    const kiki = await buyer(13);
    const other = await registerBuyer(ctx, 14);
    await onPhone(browser, ctx.baseUrl, 'live-sisa', async (page) => {
      await logIn(page, kiki.nip, kiki.password);
      await page.goto(`/gelombang/${live.id}`);
      const sisa = page.locator('[data-sisa]');
      await expect(sisa.textContent()).resolves.toBe('Sisa 1 ton');
      const loads = await page.evaluate<number>('performance.getEntriesByType("navigation").length');
      await orderElsewhere(other, live, 20, 2);
      await sisa.filter({ hasText: /^Sisa 960 kg$/ }).waitFor({ timeout: 18_000 });
      expect(await page.evaluate<number>('performance.getEntriesByType("navigation").length')).toBe(loads);
      expect(new URL(page.url()).pathname).toBe(`/gelombang/${live.id}`);
    });
  }, 90_000);

  it('switches to English and back, the choice kept from page to page', async () => {
    const lia = await buyer(15);
    await onPhone(browser, ctx.baseUrl, 'english', async (page) => {
      await logIn(page, lia.nip, lia.password);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Gelombang pemesanan');
      await Promise.all([page.waitForURL('**/gelombang'), page.getByRole('link', { name: 'English' }).click()]);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ordering waves');
      await expectAccessible(page);
      await page.goto('/pesanan');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My orders');
      await Promise.all([page.waitForURL('**/pesanan'), page.getByRole('link', { name: 'Bahasa Indonesia' }).click()]);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Pesanan saya');
    });
  });

  it('shows the 404 page in Bahasa with the request id', async () => {
    await onPhone(browser, ctx.baseUrl, 'not-found', async (page) => {
      const response = await page.goto('/tidak-ada-halaman');
      expect(response!.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Halaman tidak ditemukan');
      expect(await page.locator('main').textContent()).toContain(response!.headers()['x-request-id']);
      await expectAccessible(page);
    });
  });
});
