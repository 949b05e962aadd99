import type { Browser, Page } from 'playwright-core';
import { createOfficer, pay, Staff } from '../desk-fixtures';
import { eventually } from '../notifications-support';
import { bearer, createWave, ReferenceCase, referenceCase, registerBuyer } from '../support/fixtures';
import { sql } from '../support/test-app';
import { launchBrowser, logIn, onPhone, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

/**
 * Issue 17, the civil servant's steps through the pages (Chromium at 360x740, axe on each page):
 * what they may still order, changing an order's point and delivery, the payments and refunds on
 * the order page, the profile, and a forgotten password.
 */
describe('civil servant steps in a phone browser (issue 17)', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let officer: Staff;
  let wave: { id: string; name: string; products: { id: string }[] };

  beforeAll(async () => {
    ctx = await startWebContext();
    ref = await referenceCase(ctx);
    officer = await createOfficer(
      ctx,
      ref,
      'petugas.kemenkop',
      ref.points.map((p) => p.id),
    );
    wave = await createWave(ctx, ref, { capacityKg: 2_900, perBuyerLimitKg: 40 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const expectAccessible = async (page: Page) => expect(await seriousAxeViolations(page)).toEqual([]);
  const mainText = async (page: Page) => (await page.locator('main').textContent())!.replace(/\s+/g, ' ');

  it('shows what the buyer may still order, then changes the order to home delivery and shows its payments and refunds', async () => {
    const siti = await registerBuyer(ctx, 1711);
    await onPhone(browser, ctx.baseUrl, 'buyer-steps-order', async (page) => {
      await logIn(page, siti.nip, 'password-1711');
      await page.goto(`/gelombang/${wave.id}`);
      const mayStill = page.getByTestId(`may-still-${wave.products[0].id}`);
      expect((await mayStill.textContent())!.trim()).toBe('Anda masih bisa memesan 40 kg (sudah dipesan 0 kg)');
      await page.getByLabel('Jumlah 20 kg').fill('1');
      await page.getByLabel('Jumlah 5 kg').fill('1');
      await page.getByLabel('Titik ambil').selectOption({ label: 'Lenteng Agung' });
      await Promise.all([page.waitForURL(/\/pesanan\/[0-9a-f-]{36}/), page.getByRole('button', { name: 'Pesan sekarang' }).click()]);
      const orderUrl = new URL(page.url()).pathname;
      const orderId = orderUrl.split('/')[2];
      const code = (await page.getByTestId('pickup-code').textContent())!.trim();
      expect(await page.getByTestId('money-due').textContent()).toBe('Rp 275.000');
      expect(await mainText(page)).toContain('Belum ada pembayaran.');

      await page.goto(`/gelombang/${wave.id}`);
      expect((await mayStill.textContent())!.trim()).toBe('Anda masih bisa memesan 15 kg (sudah dipesan 25 kg)');
      await expectAccessible(page);

      // The order page's change form: to the ministry, delivered home; the address field shows only then.
      await page.goto(orderUrl);
      const change = page.locator('#change-form');
      expect(await change.getByLabel('Alamat').isVisible()).toBe(false);
      await change.getByLabel('Titik ambil').selectOption({ label: 'Gedung Kementerian Koperasi dan UKM' });
      await change.getByLabel('Antar ke rumah').check();
      await change.getByLabel('Alamat').fill('Jl. Raya');
      // Too short an address: refused on the field's rule, what was chosen and typed kept.
      await Promise.all([page.waitForURL(/\/ubah$/), change.getByRole('button', { name: 'Simpan perubahan' }).click()]);
      expect(await page.getByRole('alert').first().textContent()).toContain('tulis alamat lengkap');
      expect(await change.getByLabel('Alamat').inputValue()).toBe('Jl. Raya');
      expect(await change.getByLabel('Antar ke rumah').isChecked()).toBe(true);
      await expectAccessible(page);
      await change.getByLabel('Alamat').fill('Jl. Kuningan Barat No. 8, Mampang Prapatan');
      await Promise.all([page.waitForURL(/diubah=1/), change.getByRole('button', { name: 'Simpan perubahan' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toBe('Perubahan pesanan disimpan.');
      expect((await page.getByTestId('pickup-code').textContent())!.trim()).toBe(code);
      const text = await mainText(page);
      expect(text).toContain('Diantar ke: Jl. Kuningan Barat No. 8, Mampang Prapatan');
      expect(text).toContain('Gedung Kementerian Koperasi dan UKM');
      await expectAccessible(page);
      const [row] = await sql<{ dropping_point_id: string; fulfilment: string; status: string }>(
        ctx.databaseUrl,
        'SELECT dropping_point_id, fulfilment, status FROM orders WHERE id = $1',
        [orderId],
      );
      expect(row).toEqual({ dropping_point_id: ref.points[0].id, fulfilment: 'delivery', status: 'placed' });

      // Paid at the desk: the payment shows, the change form is gone; reversed: the refund paid shows.
      const paid = await pay(ctx, officer.token, { id: orderId, totalRp: 275_000 } as never, 'CASH');
      await page.reload();
      expect(await page.locator('#change-form').count()).toBe(0);
      expect(await page.getByTestId('payments').textContent()).toMatch(/Tunai Rp 275\.000, diterima .+ WIB/);
      expect(await page.getByTestId('paid').textContent()).toBe('Rp 275.000');
      await ctx.http
        .post(`/payments/${paid.body.id}/reverse`)
        .set(bearer(ref.adminToken))
        .send({ reason: 'Uang dikembalikan di meja' })
        .expect(200);
      await page.reload();
      expect(await page.getByTestId('payments').textContent()).toContain('dibatalkan');
      expect(await page.getByTestId('refunds').textContent()).toMatch(/Pembayaran dikembalikan: Rp 275\.000 · dikembalikan .+ WIB/);
      expect(await page.getByTestId('refund-paid').textContent()).toBe('Rp 275.000');
      expect(await page.getByTestId('refund-owed').textContent()).toBe('Rp 0');
      expect(await page.getByTestId('money-due').textContent()).toBe('Rp 275.000');
      await expectAccessible(page);
    });
  });

  it('keeps "you may still order" current as the stock runs low, in whole packs', async () => {
    const small = await createWave(ctx, ref, { capacityKg: 35, perBuyerLimitKg: 20 });
    const [dewi, other] = [await registerBuyer(ctx, 1714), await registerBuyer(ctx, 1715)];
    await onPhone(browser, ctx.baseUrl, 'buyer-steps-may-still', async (page) => {
      await logIn(page, dewi.nip, 'password-1714');
      await page.goto(`/gelombang/${small.id}`);
      const mayStill = page.getByTestId(`may-still-${small.products[0].id}`);
      expect((await mayStill.textContent())!.trim()).toBe('Anda masih bisa memesan 20 kg (sudah dipesan 0 kg)');
      // Another buyer takes 20 kg: 15 kg are left, fewer than Dewi's limit; the page's next look (every 15 s) says so.
      await ctx.http
        .post(`/waves/${small.id}/orders`)
        .set(bearer(other.token))
        .send({
          droppingPointId: ref.points[0].id,
          fulfilment: 'pickup',
          items: [{ packId: small.products[0].packs.find((p: any) => p.sizeKg === 20).id, quantity: 1 }],
        })
        .expect(201);
      await mayStill.filter({ hasText: 'Anda masih bisa memesan 15 kg (sudah dipesan 0 kg)' }).waitFor({ timeout: 20_000 });
      expect(await page.locator(`[data-sisa="${small.products[0].id}"]`).textContent()).toBe('Sisa 15 kg');
    });
  });

  it('edits the profile from the menu: default point, and the phone only with the password', async () => {
    const budi = await registerBuyer(ctx, 1712);
    await onPhone(browser, ctx.baseUrl, 'buyer-steps-profile', async (page) => {
      await logIn(page, budi.nip, 'password-1712');
      await Promise.all([page.waitForURL('**/profil'), page.getByRole('link', { name: 'Profil' }).click()]);
      expect(await page.getByTestId('nip').textContent()).toBe(budi.nip);
      expect(await page.getByLabel('Nomor HP').inputValue()).toBe('081200001712');
      await expectAccessible(page);
      await page.getByLabel('Titik ambil utama').selectOption({ label: 'Lenteng Agung' });
      await page.getByLabel('Nomor HP').fill('081355550001');
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Simpan' }).click()]);
      expect(await page.locator('#currentPassword-error').textContent()).toBe('Untuk mengganti nomor HP, isi kata sandi Anda yang benar.');
      expect(await page.getByLabel('Nomor HP').inputValue()).toBe('081355550001');
      await expectAccessible(page);
      await page.getByLabel('Kata sandi saat ini').fill('password-1712');
      await Promise.all([page.waitForURL(/disimpan=1/), page.getByRole('button', { name: 'Simpan' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toBe('Profil disimpan.');
      expect(await page.getByLabel('Nomor HP').inputValue()).toBe('081355550001');
      const me = await ctx.http.get('/me').set(bearer(budi.token)).expect(200);
      expect(me.body).toMatchObject({ phone: '081355550001', defaultDroppingPointId: ref.points[1].id, name: 'Pegawai 1712' });
    });
  });

  it('resets a forgotten password from /masuk with the code sent to the phone', async () => {
    const rina = await registerBuyer(ctx, 1713);
    await onPhone(browser, ctx.baseUrl, 'buyer-steps-reset', async (page) => {
      await page.goto('/masuk');
      await Promise.all([page.waitForURL('**/lupa-sandi'), page.getByRole('link', { name: /Lupa kata sandi/ }).click()]);
      await expectAccessible(page);
      await page.getByLabel('NIP').fill(rina.nip);
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Kirim kode' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toContain('kode 6 angka telah dikirim');
      await expectAccessible(page);
      const code = await eventually(async () => {
        const rows = await sql<{ code: string }>(
          ctx.databaseUrl,
          `SELECT params->>'code' AS code FROM notifications WHERE kind = 'otp' AND address = $1`,
          ['6281200001713'],
        );
        return rows[0]?.code;
      });
      const wrong = code === '000000' ? '111111' : '000000';
      await page.getByLabel('Kode verifikasi').fill(wrong);
      await page.getByLabel('Kata sandi baru').fill('nasi-uduk-betawi');
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Ganti kata sandi' }).click()]);
      expect(await page.getByRole('alert').first().textContent()).toBe('Kode salah, kedaluwarsa atau sudah dipakai. Minta kode baru.');
      await page.getByLabel('Kode verifikasi').fill(code);
      await page.getByLabel('Kata sandi baru').fill('nasi-uduk-betawi');
      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Ganti kata sandi' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toBe('Kata sandi sudah diganti. Silakan masuk dengan kata sandi baru.');
      expect(await page.getByLabel('NIP atau nama pengguna').inputValue()).toBe(rina.nip);
      await expectAccessible(page);
      await logIn(page, rina.nip, 'nasi-uduk-betawi');
      expect(new URL(page.url()).pathname).toBe('/gelombang');
    });
  });
});
