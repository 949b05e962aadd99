import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { bearer, referenceCase, ReferenceCase } from '../support/fixtures';
import { ADMIN, sql } from '../support/test-app';
import { FAILURE_SHOTS, launchBrowser, logIn, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

const DAY = 86_400_000;

/** Issue 17: the administrator edits and deletes a draft on its page (laptop, Chromium, axe). */
describe('Administrator: drafts edited and deleted on the wave page', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let product: { id: string; name: string };

  beforeAll(async () => {
    ctx = await startWebContext();
    ref = await referenceCase(ctx);
    const auth = bearer(ref.adminToken);
    const cooperative = await ctx.http.post('/cooperatives').set(auth).send({ name: 'Koperasi Tani Makmur', region: 'Kabupaten Karawang' });
    const created = await ctx.http
      .post(`/cooperatives/${cooperative.body.id}/products`)
      .set(auth)
      .send({
        commodity: 'beras premium',
        name: 'Beras premium Karawang',
        pricePerKgRp: 11_000,
        availableKg: 5_000,
        packs: [{ sizeKg: 5 }, { sizeKg: 10 }],
      })
      .expect(201);
    product = { id: created.body.id, name: 'Beras premium Karawang' };
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  async function asAdmin(name: string, scenario: (page: Page) => Promise<void>): Promise<void> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      baseURL: ctx.baseUrl,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
    });
    const page = await context.newPage();
    try {
      await logIn(page, ADMIN.username, ADMIN.password);
      await scenario(page);
    } catch (error) {
      mkdirSync(FAILURE_SHOTS, { recursive: true });
      await page.screenshot({ path: `${FAILURE_SHOTS}/${name}.png`, fullPage: true }).catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  }

  /** A draft opening in `days` days, offering `capacityKg` of the Karawang rice at both points. */
  async function draft(name: string, capacityKg: number, days = 7): Promise<{ id: string }> {
    const opensAt = Date.now() + days * DAY;
    const created = await ctx.http
      .post('/waves')
      .set(bearer(ref.adminToken))
      .send({
        name,
        opensAt: new Date(opensAt).toISOString(),
        closesAt: new Date(opensAt + DAY).toISOString(),
        paymentDeadline: new Date(opensAt + 2 * DAY).toISOString(),
        handOutDate: new Date(opensAt + 3 * DAY).toISOString().slice(0, 10),
        droppingPointIds: ref.points.map((point) => point.id),
        products: [{ productId: product.id, capacityKg, perBuyerLimitKg: 40, packSizesKg: [10] }],
      })
      .expect(201);
    return created.body;
  }

  it('edits a draft through its form, filled with what it holds, and names the product the cooperative cannot supply', async () => {
    const wave = await draft('Gelombang Karawang', 2_000);
    await asAdmin('admin-draft-edit', async (page) => {
      await page.goto(`/admin/gelombang/${wave.id}/atur`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await Promise.all([page.waitForURL(`**/admin/gelombang/${wave.id}/ubah`), page.getByRole('link', { name: 'Ubah draf' }).click()]);
      await expect(page.title()).resolves.toContain('Ubah draf Gelombang Karawang');
      await expect(page.getByLabel('Nama gelombang').inputValue()).resolves.toBe('Gelombang Karawang');
      await expect(page.getByLabel(`${product.name} · Koperasi Tani Makmur`).isChecked()).resolves.toBe(true);
      const capacity = page.getByLabel(`Kapasitas (kg) – ${product.name}`);
      await expect(capacity.inputValue()).resolves.toBe('2000');
      for (const point of ref.points) await expect(page.getByLabel(point.name).isChecked()).resolves.toBe(true);
      // Creating's own fields only: repeating and publishing are done on the wave's page.
      await expect(page.getByLabel('Berulang').count()).resolves.toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // More than the cooperative has: refused beside the product's capacity, in Bahasa Indonesia.
      await capacity.fill('6000');
      await page.getByRole('button', { name: 'Simpan perubahan' }).click();
      await expect(page.locator(`#capacity_${product.id}-error`).textContent()).resolves.toBe(
        `${product.name}: koperasi menyediakan 5 ton, gelombang lain pada waktu yang sama memegang 0 kg, sisa 5 ton; gelombang ini meminta 6 ton`,
      );
      await expect(page.getByLabel(`Kapasitas (kg) – ${product.name}`).getAttribute('aria-invalid')).resolves.toBe('true');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByLabel('Nama gelombang').fill('Gelombang Karawang (revisi)');
      await page.getByLabel(`Kapasitas (kg) – ${product.name}`).fill('2500');
      await page.getByLabel(ref.points[1].name).uncheck();
      await Promise.all([
        page.waitForURL(/\/atur\?pesan=admin\.waves\.edited/),
        page.getByRole('button', { name: 'Simpan perubahan' }).click(),
      ]);
      await expect(page.getByRole('status').textContent()).resolves.toBe('Draf diperbarui.');
      await expect(page.locator('main').textContent()).resolves.toContain(`${product.name}: 2,5 ton`);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
    const edited = (await ctx.http.get(`/waves/${wave.id}`).set(bearer(ref.adminToken)).expect(200)).body;
    expect(edited).toMatchObject({ name: 'Gelombang Karawang (revisi)', status: 'draft', droppingPoints: [{ id: ref.points[0].id }] });
    // The pack sizes the draft offered stay: the form has no field for them.
    expect(edited.products).toEqual([
      expect.objectContaining({ productId: product.id, capacityKg: 2_500, packs: [expect.objectContaining({ sizeKg: 10 })] }),
    ]);
  });

  it('deletes a draft only after the confirmation is ticked, with everything it owned', async () => {
    const wave = await draft('Gelombang salah ketik', 1_000, 14);
    await asAdmin('admin-draft-delete', async (page) => {
      await page.goto(`/admin/gelombang/${wave.id}/atur`);
      await page.getByText('Hapus draf', { exact: true }).click();
      const confirm = page.getByLabel('Ya, hapus draf Gelombang salah ketik beserta penawarannya. Tidak dapat dibatalkan.');
      await expect(confirm.isVisible()).resolves.toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // The browser will not send it unticked; a request sent anyway is refused by the server too.
      await page.getByRole('button', { name: 'Hapus draf ini' }).click();
      await expect(page.evaluate(`document.querySelector('input[name=confirm]').validity.valueMissing`)).resolves.toBe(true);
      await page.evaluate(`document.querySelector('input[name=confirm]').removeAttribute('required')`);
      await Promise.all([page.waitForURL(/\/atur\?galat=/), page.getByRole('button', { name: 'Hapus draf ini' }).click()]);
      await expect(page.getByRole('alert').textContent()).resolves.toBe('Centang konfirmasi dulu untuk menghapus draf.');
      await ctx.http.get(`/waves/${wave.id}`).set(bearer(ref.adminToken)).expect(200);

      await page.getByText('Hapus draf', { exact: true }).click();
      await confirm.check();
      await Promise.all([
        page.waitForURL(/\/admin\/gelombang\?pesan=admin\.waves\.deleted/),
        page.getByRole('button', { name: 'Hapus draf ini' }).click(),
      ]);
      await expect(page.getByRole('status').textContent()).resolves.toBe('Draf dihapus beserta penawarannya.');
      await expect(page.locator('main').textContent()).resolves.not.toContain('Gelombang salah ketik');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
    await ctx.http.get(`/waves/${wave.id}`).set(bearer(ref.adminToken)).expect(404);
    const [left] = await sql<{ n: number }>(
      ctx.databaseUrl,
      `SELECT ((SELECT count(*) FROM wave_products WHERE wave_id = $1) + (SELECT count(*) FROM wave_packs WHERE wave_id = $1)
             + (SELECT count(*) FROM wave_dropping_points WHERE wave_id = $1))::int AS n`,
      [wave.id],
    );
    expect(left.n).toBe(0);
  });

  it('offers neither edit nor delete once the wave is published, and sends the edit address back to its page', async () => {
    const wave = await draft('Gelombang terbit', 1_000, 21);
    const rival = await draft('Gelombang rebutan', 4_500, 21);
    await ctx.http.post(`/waves/${wave.id}/publish`).set(bearer(ref.adminToken)).expect(200);
    await asAdmin('admin-draft-published', async (page) => {
      // Publishing a draft the cooperative cannot supply beside the other wave: refused, in Bahasa Indonesia.
      await page.goto(`/admin/gelombang/${rival.id}/atur`);
      await Promise.all([page.waitForURL(/\/atur\?galat=/), page.getByRole('button', { name: 'Terbitkan' }).click()]);
      await expect(page.getByRole('alert').textContent()).resolves.toBe(
        `${product.name}: koperasi menyediakan 5 ton, gelombang lain pada waktu yang sama memegang 1 ton, sisa 4 ton; gelombang ini meminta 4,5 ton`,
      );
      await expect(page.getByTestId('wave-status').textContent()).resolves.toBe('Draf');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.goto(`/admin/gelombang/${wave.id}/atur`);
      await expect(page.getByRole('link', { name: 'Ubah draf' }).count()).resolves.toBe(0);
      await expect(page.getByText('Hapus draf', { exact: true }).count()).resolves.toBe(0);

      await page.goto(`/admin/gelombang/${wave.id}/ubah`);
      expect(new URL(page.url()).pathname).toBe(`/admin/gelombang/${wave.id}/atur`);
      await expect(page.getByRole('alert').textContent()).resolves.toBe(
        'Hanya draf yang dapat diubah atau dihapus; gelombang yang sudah terbit dapat dibatalkan.',
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
});
