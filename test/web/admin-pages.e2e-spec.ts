import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { toWib } from '../../src/common/time';
import { ADMIN, sql } from '../support/test-app';
import { bearer, login, nipFor, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from '../support/fixtures';
import { FAILURE_SHOTS, launchBrowser, logIn, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

const LAPTOP = { width: 1280, height: 800 };
/** Set WEB_SCREENSHOTS=1 to refresh the README's pictures of the administrator's pages. */
const SHOTS = process.env.WEB_SCREENSHOTS ? join(__dirname, '..', '..', 'docs', 'screenshots') : null;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** More agencies than the ministry's own, as in April 2020: the live room shows each. */
const OTHER_AGENCIES = [
  { name: 'Kementerian Dalam Negeri', shortName: 'Kemendagri' },
  { name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi', shortName: 'Kemendes PDTT' },
  { name: 'Kementerian PPN/Bappenas', shortName: 'Bappenas' },
];

/** The administrator works on a laptop. */
async function onLaptop(
  browser: Browser,
  baseUrl: string,
  name: string,
  scenario: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport: LAPTOP, baseURL: baseUrl, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  const page = await context.newPage();
  try {
    await scenario(page, context);
  } catch (error) {
    mkdirSync(FAILURE_SHOTS, { recursive: true });
    await page.screenshot({ path: `${FAILURE_SHOTS}/${name}.png`, fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

/** A WIB wall-clock time for a datetime-local field, to the second. */
const wibField = (at: Date) => toWib(at).slice(0, 19);

/** Bytes that came over the wire for everything the page loaded (compressed sizes). */
function countTransfer(page: Page): () => Promise<number> {
  const responses: Promise<number>[] = [];
  page.on('requestfinished', (request) =>
    responses.push(request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize)),
  );
  return async () => (await Promise.all(responses)).reduce((sum, n) => sum + n, 0);
}

describe('Programme administrator pages (laptop)', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  /** The wave made through the form in the live-room test. */
  let liveWaveId: string;
  /** The civil servants who order in the live room, registered before any roster exists. */
  let buyers: TestBuyer[];

  beforeAll(async () => {
    ctx = await startWebContext();
    ref = await referenceCase(ctx);
    // Buyers and rosters name agencies on the administrator's list.
    await ctx.http
      .post('/agencies')
      .set(bearer(ref.adminToken))
      .send({ name: 'Kementerian Koperasi dan UKM', shortName: 'Kemenkop UKM' })
      .expect(201);
    for (const agency of OTHER_AGENCIES) await ctx.http.post('/agencies').set(bearer(ref.adminToken)).send(agency).expect(201);
    // 80 civil servants of four agencies: the ministry's own half, the rest from three others.
    const ministry = await registerBuyers(ctx, 40, 2_000);
    const others = [
      ...(await registerBuyers(ctx, 14, 2_100, OTHER_AGENCIES[0].name)),
      ...(await registerBuyers(ctx, 13, 2_200, OTHER_AGENCIES[1].name)),
      ...(await registerBuyers(ctx, 13, 2_300, OTHER_AGENCIES[2].name)),
    ];
    // Interleaved, so each agency is among those who order before it sells out.
    buyers = ministry.flatMap((buyer, i) => [buyer, others[(i * 13) % 40]]);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('lands on /admin and sets up a cooperative, product, dropping point with its pin, agency and a manager account', async () => {
    await onLaptop(browser, ctx.baseUrl, 'admin-setup', async (page) => {
      await logIn(page, ADMIN.username, ADMIN.password);
      expect(new URL(page.url()).pathname).toBe('/admin');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.goto('/admin/koperasi');
      await page.locator('#coop-name').fill('Koperasi Sumber Rejeki');
      await page.locator('#coop-region').fill('Kabupaten Subang');
      await Promise.all([page.waitForURL(/pesan=admin\.saved/), page.locator('form[action="/admin/koperasi"] button').click()]);
      const coop = page.getByRole('region', { name: 'Koperasi Sumber Rejeki' });
      await coop.locator('summary').click();
      await coop.getByLabel('Komoditas').fill('gula pasir');
      await coop.getByLabel('Nama', { exact: true }).fill('Gula pasir Subang');
      await coop.getByLabel('Harga per kg (Rp)').fill('14000');
      await coop.getByLabel('Kemasan (kg, dipisah koma)').fill('1, 2');
      await Promise.all([page.waitForURL(/pesan=admin\.saved/), coop.getByRole('button', { name: 'Tambah' }).click()]);
      await expect(page.getByRole('region', { name: 'Koperasi Sumber Rejeki' }).textContent()).resolves.toContain('Gula pasir Subang');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.goto('/admin/titik');
      await page.getByLabel('Nama', { exact: true }).fill('Balai Kota Bandung');
      await page.getByLabel('Alamat').fill('Jl. Wastukencana No. 2, Bandung');
      await page.getByLabel('Lintang').fill('-95');
      await page.getByLabel('Bujur').fill('107.6093');
      await page.getByRole('button', { name: 'Tambah' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('latitude');
      await expect(page.getByLabel('Alamat').inputValue()).resolves.toBe('Jl. Wastukencana No. 2, Bandung');
      await page.getByLabel('Lintang').fill('-6,9113');
      await page.getByLabel('Jam buka').fill('Senin–Jumat 08.00–15.00 WIB');
      await Promise.all([page.waitForURL(/pesan=admin\.saved/), page.getByRole('button', { name: 'Tambah' }).click()]);
      await expect(page.locator('main table tr', { hasText: 'Balai Kota Bandung' }).textContent()).resolves.toContain(
        'Senin–Jumat 08.00–15.00 WIB',
      );
      await expect(page.locator('.map .pin').count()).resolves.toBe(3);
      await expect(page.locator('.map').textContent()).resolves.toContain('Balai Kota Bandung');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.goto('/admin/instansi');
      await page.getByLabel('Nama', { exact: true }).fill('Pemerintah Kota Bandung');
      await page.getByLabel('Singkatan').fill('Pemkot Bandung');
      await Promise.all([page.waitForURL(/pesan=admin\.saved/), page.getByRole('button', { name: 'Tambah' }).click()]);
      await expect(page.locator('main table').textContent()).resolves.toContain('Pemkot Bandung');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.goto('/admin/akun');
      await page.getByLabel('Nama pengguna').fill('manajer.sumberrejeki');
      await page.getByLabel('Kata sandi (minimal 8)').fill('rahasia-manajer');
      await page.getByLabel('Peran').selectOption('COOP_MANAGER');
      await page.getByLabel('Koperasi (untuk pengelola)').selectOption({ label: 'Koperasi Sumber Rejeki' });
      await Promise.all([page.waitForURL(/pesan=admin\.saved/), page.getByRole('button', { name: 'Tambah' }).click()]);
      await expect(page.locator('main table').textContent()).resolves.toMatch(
        /manajer\.sumberrejeki\s*Pengelola koperasi\s*Koperasi Sumber Rejeki/,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });

  it('imports the roster all or nothing: a bad line is shown in a table and nothing is imported', async () => {
    await onLaptop(browser, ctx.baseUrl, 'admin-roster', async (page) => {
      await logIn(page, ADMIN.username, ADMIN.password);
      await page.goto('/admin/pegawai');
      const header = 'nip,name,agency,phone,default_dropping_point';
      const good = [
        `${nipFor(50_001)},Siti Rahmawati,Kementerian Koperasi dan UKM,081234567890,Lenteng Agung`,
        `${nipFor(50_002)},Budi Santoso,Kementerian Koperasi dan UKM,081234567891,`,
      ];
      await page
        .getByLabel('Isi CSV')
        .fill([header, good[0], '12345,Nomor Salah,Kementerian Koperasi dan UKM,081234567892,', good[1]].join('\n'));
      await page.getByRole('button', { name: 'Impor' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Tidak ada yang diimpor');
      const problems = await page.getByTestId('roster-problems').locator('tbody tr').allTextContents();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^3\s*nip/);
      expect(await seriousAxeViolations(page)).toEqual([]);
      const [before] = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM buyers WHERE nip = ANY ($1)', [
        [nipFor(50_001), nipFor(50_002)],
      ]);
      expect(before.n).toBe(0);

      await page.getByLabel('Isi CSV').fill([header, ...good].join('\n'));
      await Promise.all([page.waitForURL(/diimpor=2/), page.getByRole('button', { name: 'Impor' }).click()]);
      await expect(page.getByRole('status').textContent()).resolves.toBe('2 pegawai diimpor.');
      expect(await seriousAxeViolations(page)).toEqual([]);
      const [after] = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM buyers WHERE nip = ANY ($1)', [
        [nipFor(50_001), nipFor(50_002)],
      ]);
      expect(after.n).toBe(2);
    });
  });

  it("creates a wave through the form that then opens by itself; the live room shows another session's order within two seconds", async () => {
    await onLaptop(browser, ctx.baseUrl, 'admin-wave-live', async (page) => {
      await logIn(page, ADMIN.username, ADMIN.password);
      await page.goto('/admin/gelombang/baru');
      const opensAt = new Date(Date.now() + 15_000);
      await page.getByLabel('Nama gelombang').fill('Gelombang II');
      await page.getByLabel('Dibuka (WIB)').fill(wibField(opensAt));
      await page.getByLabel('Ditutup (WIB)').fill(wibField(new Date(opensAt.getTime() + 3_600_000)));
      await page.getByLabel('Batas pembayaran (WIB)').fill(wibField(new Date(opensAt.getTime() + 2 * 86_400_000)));
      await page.getByLabel('Hari pembagian').fill(toWib(new Date(opensAt.getTime() + 3 * 86_400_000)).slice(0, 10));
      await page.getByLabel('Beras premium Indramayu · Koperasi Tani Mulus').check();
      await page.getByLabel('Kapasitas (kg) – Beras premium Indramayu').fill('1000');
      await page.getByLabel('Batas per pegawai (kg) – Beras premium Indramayu').fill('40');
      for (const point of ref.points) await page.getByLabel(point.name).check();
      await page.getByLabel('Balai Kota Bandung').check();
      await page.getByLabel('Berulang').selectOption('FREQ=MONTHLY;BYDAY=+2TH');
      await page.getByLabel('Terbitkan sekarang (dibuka sendiri pada waktunya)').check();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await Promise.all([
        page.waitForURL(/\/atur\?pesan=admin\.waves\.created/),
        page.getByRole('button', { name: 'Simpan gelombang' }).click(),
      ]);
      const waveId = new URL(page.url()).pathname.split('/')[3];
      liveWaveId = waveId;
      await expect(page.getByTestId('wave-status').textContent()).resolves.toBe('Terjadwal');
      await expect(page.locator('main').textContent()).resolves.toContain('Pengulangan: Kamis kedua setiap bulan');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Nobody touches it: at its time it opens.
      for (let i = 0; i < 60 && (await page.getByTestId('wave-status').textContent()) !== 'Dibuka'; i++) {
        await page.waitForTimeout(1_000);
        await page.reload();
      }
      await expect(page.getByTestId('wave-status').textContent()).resolves.toBe('Dibuka');
      const wave = (await ctx.http.get(`/waves/${waveId}`).set(bearer(ref.adminToken)).expect(200)).body;
      expect(wave.status).toBe('open');

      const transfer = countTransfer(page);
      await page.goto(`/admin/gelombang/${waveId}`);
      const ordered = page.getByTestId(`ordered-kg-${wave.products[0].id}`);
      await expect(ordered.textContent()).resolves.toBe('0');
      await page.waitForFunction(`document.getElementById('live-updated')?.textContent !== ''`, undefined, { timeout: 5_000 });
      await page.waitForTimeout(1_200);

      // Another session (a buyer's phone) orders; the room shows it without a reload.
      const loadsBefore = await page.evaluate('performance.getEntriesByType("navigation").length');
      await ctx.http
        .post(`/waves/${waveId}/orders`)
        .set(bearer(buyers[0].token))
        .send({ droppingPointId: ref.points[1].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 20), quantity: 2 }] })
        .expect(201);
      const placedAt = Date.now();
      await ordered.filter({ hasText: /^40$/ }).waitFor({ timeout: 2_000 });
      expect(Date.now() - placedAt).toBeLessThan(2_000);
      expect(await page.evaluate('performance.getEntriesByType("navigation").length')).toBe(loadsBefore);
      expect(await transfer()).toBeLessThan(150 * 1024);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // A small rush: the rest order at once at three points (15 kg each: 64 of 79 fill the 960 kg left); the room follows.
      const pointIds = [...ref.points.map((point) => point.id), ...wave.droppingPoints.map((point: { id: string }) => point.id)];
      const points = [...new Set(pointIds)];
      expect(points).toHaveLength(3);
      await Promise.all(
        buyers.slice(1).map((buyer, i) =>
          ctx.http
            .post(`/waves/${waveId}/orders`)
            .set(bearer(buyer.token))
            .send({
              droppingPointId: points[i % 3],
              fulfilment: 'pickup',
              items: [
                { packId: packOf(wave, 10), quantity: 1 },
                { packId: packOf(wave, 5), quantity: 1 },
              ],
            }),
        ),
      );
      await ordered.filter({ hasText: /^1000$/ }).waitFor({ timeout: 5_000 });
      await page.locator('#sold-out li').filter({ hasText: 'habis' }).waitFor({ timeout: 5_000 });
      await expect(page.getByTestId('total-orders').textContent()).resolves.not.toBe('1');
      // Per agency is read every 15 s (it needs the orders themselves): the four agencies appear without a reload.
      await page.locator('#agencies tr').nth(3).waitFor({ timeout: 20_000 });
      await expect(page.locator('#agencies tr').count()).resolves.toBe(4);
      await expect(page.locator('#agencies').textContent()).resolves.toContain('Kementerian Dalam Negeri');
      await shot(page, 'admin-live-room');

      // The next Serlok day from the rule, then cancelled; the calendar shows the waves.
      await page.goto(`/admin/gelombang/${waveId}/atur`);
      await Promise.all([
        page.waitForURL(/pesan=admin\.waves\.nextCreated/),
        page.getByRole('button', { name: 'Buat gelombang berikutnya sesuai aturan' }).click(),
      ]);
      await expect(page.getByTestId('wave-status').textContent()).resolves.toBe('Draf');
      await expect(page.locator('main').textContent()).resolves.toMatch(/Kamis, \d+ \w+ \d{4}/);
      await page.locator('summary', { hasText: 'Batalkan gelombang' }).click();
      await page.getByLabel('Alasan pembatalan').fill('Stok koperasi belum siap');
      await Promise.all([
        page.waitForURL(/pesan=admin\.waves\.cancelled/),
        page.getByRole('button', { name: 'Batalkan gelombang' }).click(),
      ]);
      await expect(page.getByTestId('wave-status').textContent()).resolves.toBe('Dibatalkan');
      await page.goto('/admin/gelombang');
      await expect(page.locator('.calendar').textContent()).resolves.toContain('Gelombang II');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shot(page, 'admin-waves');
    });
  });

  it('copies a wave into the next one as a draft, and makes an officer account that works at its points only', async () => {
    await onLaptop(browser, ctx.baseUrl, 'admin-copy-officer', async (page) => {
      await logIn(page, ADMIN.username, ADMIN.password);
      await page.goto(`/admin/gelombang/${liveWaveId}/atur`);
      await page.locator('summary', { hasText: 'Salin ke gelombang berikutnya' }).click();
      const opensAt = new Date(Date.now() + 7 * 86_400_000);
      await page.locator('#copy-name').fill('Gelombang III');
      await page.locator('#copy-opensAt').fill(wibField(opensAt));
      await page.locator('#copy-closesAt').fill(wibField(new Date(opensAt.getTime() + 86_400_000)));
      await page.locator('#copy-paymentDeadline').fill(wibField(new Date(opensAt.getTime() + 2 * 86_400_000)));
      await page.locator('#copy-handOutDate').fill(toWib(new Date(opensAt.getTime() + 3 * 86_400_000)).slice(0, 10));
      await Promise.all([page.waitForURL(/pesan=admin\.waves\.copied/), page.getByRole('button', { name: 'Buat salinan' }).click()]);
      const copyId = new URL(page.url()).pathname.split('/')[3];
      expect(copyId).not.toBe(liveWaveId);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Salinan dibuat sebagai draf.');
      await expect(page.getByTestId('wave-status').textContent()).resolves.toBe('Draf');
      expect(await seriousAxeViolations(page)).toEqual([]);
      // The copy keeps the products, capacities, limits and points, with its own times and no orders.
      const auth = bearer(ref.adminToken);
      const [original, copy] = await Promise.all(
        [liveWaveId, copyId].map(async (id) => (await ctx.http.get(`/waves/${id}`).set(auth).expect(200)).body),
      );
      expect(copy).toMatchObject({ name: 'Gelombang III', status: 'draft' });
      const offer = (wave: { products: { productId: string; capacityKg: number; perBuyerLimitKg: number }[] }) =>
        wave.products.map((p) => [p.productId, p.capacityKg, p.perBuyerLimitKg]);
      expect(offer(copy)).toEqual(offer(original));
      const points = (wave: { droppingPoints: { id: string }[] }) => wave.droppingPoints.map((p) => p.id).sort();
      expect(points(copy)).toEqual(points(original));
      expect(new Date(copy.opensAt).getTime()).toBe(Math.floor(opensAt.getTime() / 1000) * 1000);
      const [orders] = await sql<{ n: number }>(ctx.databaseUrl, 'SELECT count(*)::int AS n FROM orders WHERE wave_id = $1', [copyId]);
      expect(orders.n).toBe(0);

      await page.goto('/admin/akun');
      await page.getByLabel('Nama pengguna').fill('petugas.lentengagung');
      await page.getByLabel('Kata sandi (minimal 8)').fill('Petugas-Lenteng-2020');
      await page.getByLabel('Peran').selectOption('OFFICER');
      await page.getByLabel('Lenteng Agung').check();
      await page.getByLabel('Balai Kota Bandung').check();
      await Promise.all([page.waitForURL(/pesan=admin\.saved/), page.getByRole('button', { name: 'Tambah' }).click()]);
      const row = page.locator('main table tbody tr', { hasText: 'petugas.lentengagung' });
      await expect(row.textContent()).resolves.toContain('Petugas titik kumpul');
      await expect(row.textContent()).resolves.toMatch(/Balai Kota Bandung, Lenteng Agung|Lenteng Agung, Balai Kota Bandung/);
      expect(await seriousAxeViolations(page)).toEqual([]);
      // The officer works at those two points and no other.
      const token = await login(ctx, 'petugas.lentengagung', 'Petugas-Lenteng-2020');
      const mine = (await ctx.http.get('/me/dropping-points').set(bearer(token)).expect(200)).body;
      expect(mine.map((p: { name: string }) => p.name).sort()).toEqual(['Balai Kota Bandung', 'Lenteng Agung']);
      await ctx.http.get(`/dropping-points/${ref.points[1].id}/orders`).query({ waveId: liveWaveId }).set(bearer(token)).expect(200);
      await ctx.http.get(`/dropping-points/${ref.points[0].id}/orders`).query({ waveId: liveWaveId }).set(bearer(token)).expect(403);
    });
  });

  it('shows reports with charts and exports, and the audit trail of an order', async () => {
    const [order] = await sql<{ id: string }>(ctx.databaseUrl, 'SELECT id FROM orders ORDER BY placed_at LIMIT 1');
    await onLaptop(browser, ctx.baseUrl, 'admin-reports', async (page) => {
      await logIn(page, ADMIN.username, ADMIN.password);
      const transfer = countTransfer(page);
      await page.goto('/admin/laporan');
      await expect(page.locator('.chart svg.bar').count()).resolves.toBeGreaterThan(2);
      await expect(page.getByRole('region', { name: 'Per instansi' }).textContent()).resolves.toContain('Kementerian Koperasi dan UKM');
      expect(await transfer()).toBeLessThan(150 * 1024);
      const csv = await page.request.get((await page.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href'))!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toContain('text/csv');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shot(page, 'admin-report');

      // The wave's own report: paid against unpaid, hand-over, refunds owed, cash per officer, and its PDF.
      const waveTransfer = countTransfer(page);
      await page.goto(`/admin/laporan/${liveWaveId}`);
      await expect(page.getByTestId('report-unpaid').textContent()).resolves.toBe('65 pesanan · Rp 11.000.000');
      await expect(page.getByTestId('report-paid').textContent()).resolves.toBe('0 pesanan · Rp 0');
      await expect(page.getByTestId('report-no-show').textContent()).resolves.toBe('0');
      await expect(page.getByTestId('report-refunds-total').textContent()).resolves.toBe('Rp 0');
      await expect(page.getByRole('region', { name: 'Uang tunai per petugas' }).textContent()).resolves.toContain('Belum ada.');
      await expect(page.locator('.chart svg.bar').count()).resolves.toBeGreaterThan(2);
      expect(await waveTransfer()).toBeLessThan(150 * 1024);
      const pdf = await page.request.get((await page.getByRole('link', { name: 'Unduh laporan PDF' }).getAttribute('href'))!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.goto(`/admin/audit?pesanan=${order.id}`);
      await expect(page.getByTestId('audit-trail').locator('tbody tr').first().textContent()).resolves.toContain('order.placed');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
});
