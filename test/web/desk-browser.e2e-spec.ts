import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import * as QRCode from 'qrcode';
import { createOfficer, pay, placeOrder, PlacedOrder, Staff } from '../desk-fixtures';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyer, TestBuyer } from '../support/fixtures';
import { ADMIN, sql } from '../support/test-app';
import { launchBrowser, logIn, onPhone, PHONE, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

/** Set WEB_SCREENSHOTS=1 to refresh the README's pictures of the desk. */
const SHOTS = process.env.WEB_SCREENSHOTS ? join(__dirname, '..', '..', 'docs', 'screenshots') : null;
const KB = 1024;

/** pngjs comes with qrcode (which writes its PNGs with it); it has no types of its own. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as { PNG: { sync: { read(png: Buffer): { width: number; height: number; data: Buffer } } } };

/**
 * A Y4M video (what Chromium's fake camera plays) of a QR code: the PNG made by the qrcode package,
 * centred on a white 640x480 frame, grey-scale in the Y plane.
 */
async function qrVideo(text: string, dir: string): Promise<string> {
  const width = 640;
  const height = 480;
  const png = PNG.sync.read(await QRCode.toBuffer(text, { type: 'png', width: 360, margin: 4 }));
  const luma = Buffer.alloc(width * height, 235);
  const left = Math.floor((width - png.width) / 2);
  const top = Math.floor((height - png.height) / 2);
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const grey = Math.round(0.299 * png.data[i] + 0.587 * png.data[i + 1] + 0.114 * png.data[i + 2]);
      luma[(top + y) * width + left + x] = 16 + Math.round((grey * 219) / 255);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const file = join(dir, 'qr.y4m');
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array(10).fill(frame)]));
  return file;
}

/** Every desk action in Chromium at 360x740, axe on each page, offline queue and camera scan included. */
describe('dropping-point desk in a phone browser', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let wave: { id: string; name: string };
  let officer: Staff;
  let other: Staff;
  let gedung: { id: string; name: string };
  let lenteng: { id: string; name: string };
  let buyerIndex = 0;

  beforeAll(async () => {
    ctx = await startWebContext();
    ref = await referenceCase(ctx);
    [gedung, lenteng] = ref.points;
    wave = await createWave(ctx, ref, { capacityKg: 2_900, perBuyerLimitKg: 40 });
    officer = await createOfficer(ctx, ref, 'petugas.lentengagung', [lenteng.id]);
    other = await createOfficer(ctx, ref, 'petugas.gedung', [gedung.id]);
    browser = await launchBrowser();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  async function shot(page: Page, name: string): Promise<void> {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `desk-${name}.png`), fullPage: true });
  }

  /** axe finds nothing serious, and nothing is wider than the phone. */
  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  }

  /** A buyer with an order of `packs` for pickup at Lenteng Agung. */
  async function order(packs: Record<number, number> = { 10: 2 }): Promise<PlacedOrder & { buyer: TestBuyer; password: string }> {
    const i = 100 + buyerIndex++;
    const buyer = await registerBuyer(ctx, i);
    return { ...(await placeOrder(ctx, wave, buyer, lenteng.id, packs)), buyer, password: `password-${i}` };
  }

  const deskUrl = () => `/petugas/titik/${lenteng.id}?gelombang=${wave.id}`;

  /** Logs the officer in, opens the desk from /petugas and waits until the point's orders are kept on the phone. */
  async function openDesk(page: Page, username = officer.username): Promise<void> {
    await logIn(page, username, `${username}-password`);
    expect(new URL(page.url()).pathname).toBe('/petugas');
    await page.getByRole('link', { name: `Buka meja ${wave.name}` }).click();
    await page.waitForURL(`**/petugas/titik/${lenteng.id}?gelombang=${wave.id}`);
    await page.getByText(/^[1-9][0-9]* pesanan tersimpan di ponsel ini/).waitFor();
  }

  async function find(page: Page, code: string): Promise<void> {
    await page.getByLabel('Cari pesanan').fill(code.replace('-', '').toLowerCase());
    await page.getByRole('heading', { name: new RegExp(code) }).waitFor();
  }

  const count = async (table: string, orderId: string): Promise<number> =>
    Number((await sql<{ n: string }>(ctx.databaseUrl, `SELECT count(*) AS n FROM ${table} WHERE order_id = $1`, [orderId]))[0].n);
  const statusOf = async (orderId: string): Promise<string> =>
    (await sql<{ status: string }>(ctx.databaseUrl, 'SELECT status FROM orders WHERE id = $1', [orderId]))[0].status;

  it('logs in to /petugas, opens the desk, finds an order by its code, takes the cash and hands the packs over', async () => {
    const siti = await order({ 10: 2 });
    await onPhone(browser, ctx.baseUrl, 'desk-pay-handover', async (page) => {
      await logIn(page, officer.username, `${officer.username}-password`);
      expect(new URL(page.url()).pathname).toBe('/petugas');
      expect(await page.getByRole('link', { name: `Buka meja ${wave.name}` }).getAttribute('href')).toBe(deskUrl());
      await expectAccessible(page);
      await shot(page, 'points');
      await page.getByRole('link', { name: `Buka meja ${wave.name}` }).click();
      await page.waitForURL(`**${deskUrl()}`);
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Daring · 0 tindakan menunggu/ })
        .waitFor();
      await expectAccessible(page);

      await find(page, siti.pickupCode);
      const panel = page.locator('#panel');
      expect(await panel.textContent()).toContain('Rp 220.000');
      expect(await panel.textContent()).toContain('Belum dibayar');
      expect(await page.getByLabel('Jumlah (Rp)').inputValue()).toBe('220000');
      expect(await page.getByLabel('Cara bayar').locator('option').allTextContents()).toEqual(['Tunai', 'Transfer', 'QRIS']);
      // Checked before anything is sent: the amount is the order total, a QRIS payment names its reference.
      await page.getByLabel('Jumlah (Rp)').fill('200000');
      await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
      await page.getByRole('alert').filter({ hasText: 'Jumlah harus sama dengan total pesanan' }).waitFor();
      await page.getByLabel('Jumlah (Rp)').fill('220.000');
      await page.getByLabel('Cara bayar').selectOption({ label: 'QRIS' });
      await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
      await page.getByRole('alert').filter({ hasText: 'referensi QRIS' }).waitFor();
      expect(await count('payments', siti.id)).toBe(0);
      await page.getByLabel('Cara bayar').selectOption({ label: 'Tunai' });
      await expectAccessible(page);
      await shot(page, 'order');
      await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pembayaran ${siti.pickupCode} tersimpan` })
        .waitFor();
      expect(await statusOf(siti.id)).toBe('paid');
      const payments = await sql<{ method: string; amount_rp: string }>(
        ctx.databaseUrl,
        'SELECT method, amount_rp FROM payments WHERE order_id = $1',
        [siti.id],
      );
      expect(payments).toEqual([{ method: 'CASH', amount_rp: '220000' }]);

      await page.getByLabel('Kode ambil', { exact: true }).fill('ZZZ-ZZZ');
      await page.getByRole('button', { name: 'Serahkan', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Kode ambil tidak cocok' }).waitFor();
      await page.getByLabel('Kode ambil', { exact: true }).fill(siti.pickupCode);
      await page.getByRole('button', { name: 'Serahkan', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pesanan ${siti.pickupCode} diserahkan` })
        .waitFor();
      expect(await statusOf(siti.id)).toBe('picked_up');
      expect(await panel.textContent()).toContain('Sudah diserahkan');
      await expectAccessible(page);
      await shot(page, 'handed-over');
    });
  });

  it('finds orders by part of the buyer name, NIP or phone and opens one from the list', async () => {
    const first = await order({ 5: 1 });
    await onPhone(browser, ctx.baseUrl, 'desk-search-name', async (page) => {
      await openDesk(page);
      await page.getByLabel('Cari pesanan').fill('pegawai 1');
      const hit = page.getByRole('button', { name: new RegExp(`^${first.pickupCode} · Pegawai`) });
      await hit.waitFor();
      expect(await page.locator('#results li').count()).toBeGreaterThan(1);
      await hit.click();
      await page.getByRole('heading', { name: new RegExp(first.pickupCode) }).waitFor();
      await page.getByLabel('Cari pesanan').fill(first.buyer.nip.slice(0, 14));
      await page.getByRole('button', { name: new RegExp(`^${first.pickupCode}`) }).waitFor();
      await expectAccessible(page);
    });
  });

  it('shows a refusal from the server in role="alert" (already paid by another officer)', async () => {
    const budi = await order({ 5: 1 });
    await onPhone(browser, ctx.baseUrl, 'desk-refusal', async (page) => {
      await openDesk(page);
      await find(page, budi.pickupCode);
      await pay(ctx, officer.token, budi);
      await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
      await page.getByRole('alert').filter({ hasText: 'sudah dibayar' }).waitFor();
      expect(await count('payments', budi.id)).toBe(1);
    });
  });

  it('records a no-show: an unpaid order is cancelled from the panel', async () => {
    const joko = await order({ 20: 1 });
    await onPhone(browser, ctx.baseUrl, 'desk-no-show', async (page) => {
      await openDesk(page);
      await find(page, joko.pickupCode);
      await page.getByRole('button', { name: 'Tidak datang: batalkan pesanan' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pesanan ${joko.pickupCode} dibatalkan (tidak datang)` })
        .waitFor();
      expect(await statusOf(joko.id)).toBe('cancelled');
      expect(await page.locator('#panel').textContent()).toContain('Dibatalkan');
      expect(await page.getByRole('button', { name: 'Simpan pembayaran' }).isVisible()).toBe(false);
    });
  });

  it('lets an administrator at the desk reverse a payment with a reason (officers do not see it)', async () => {
    const wati = await order({ 5: 1 });
    await pay(ctx, officer.token, wati);
    await onPhone(browser, ctx.baseUrl, 'desk-reversal', async (page) => {
      await openDesk(page);
      await find(page, wati.pickupCode);
      expect(await page.getByRole('button', { name: 'Batalkan pembayaran' }).count()).toBe(0);
      await page.context().clearCookies();
      await logIn(page, ADMIN.username, ADMIN.password);
      await page.goto(deskUrl());
      await find(page, wati.pickupCode);
      await page.getByLabel('Alasan pembatalan pembayaran').fill('Uang palsu, pembeli akan membayar lagi');
      await page.getByRole('button', { name: 'Batalkan pembayaran' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pembayaran ${wati.pickupCode} dibatalkan` })
        .waitFor();
      expect(await statusOf(wati.id)).toBe('placed');
      const payments = await sql<{ reason: string }>(
        ctx.databaseUrl,
        'SELECT reversal_reason AS reason FROM payments WHERE order_id = $1',
        [wati.id],
      );
      expect(payments).toEqual([{ reason: 'Uang palsu, pembeli akan membayar lagi' }]);
      expect(await page.locator('#panel').textContent()).toContain('Belum dibayar');
      await expectAccessible(page);
    });
  });

  it('gives an officer of another point 403 and sends a buyer to their own pages', async () => {
    const dewi = await order({ 5: 1 });
    await onPhone(browser, ctx.baseUrl, 'desk-forbidden', async (page) => {
      await logIn(page, other.username, `${other.username}-password`);
      expect(new URL(page.url()).pathname).toBe('/petugas');
      expect(await page.getByRole('link', { name: `Buka meja ${wave.name}` }).getAttribute('href')).toBe(
        `/petugas/titik/${gedung.id}?gelombang=${wave.id}`,
      );
      const response = await page.goto(deskUrl());
      expect(response?.status()).toBe(403);
      await expectAccessible(page);
    });
    await onPhone(browser, ctx.baseUrl, 'desk-buyer', async (page) => {
      await logIn(page, dewi.buyer.nip, dewi.password);
      await page.goto(deskUrl());
      expect(new URL(page.url()).pathname).toBe('/gelombang');
      await page.goto('/petugas');
      expect(new URL(page.url()).pathname).toBe('/gelombang');
    });
  });

  it('queues two hand-overs and a payment offline, sends each once when back online, and shows a conflict', async () => {
    const [ani, eko, fitri, gita] = [await order({ 10: 1 }), await order({ 5: 2 }), await order({ 20: 1 }), await order({ 5: 1 })];
    for (const paid of [ani, eko, gita]) await pay(ctx, officer.token, paid);
    const colleague = await createOfficer(ctx, ref, 'petugas.lenteng2', [lenteng.id]);
    await onPhone(browser, ctx.baseUrl, 'desk-offline', async (page) => {
      await openDesk(page);
      await page.context().setOffline(true);
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Luring/ })
        .waitFor();
      for (const handed of [ani, eko]) {
        await find(page, handed.pickupCode);
        await page.getByLabel('Kode ambil', { exact: true }).fill(handed.pickupCode);
        await page.getByRole('button', { name: 'Serahkan', exact: true }).click();
        await page
          .getByRole('status')
          .filter({ hasText: `Penyerahan ${handed.pickupCode} dicatat` })
          .waitFor();
      }
      await find(page, fitri.pickupCode);
      await page.getByLabel('Cara bayar').selectOption({ label: 'Transfer' });
      await page.getByLabel('Referensi (transfer atau QRIS)').fill('BRI 0412 7781');
      await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pembayaran ${fitri.pickupCode} dicatat` })
        .waitFor();
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Luring · 3 / })
        .waitFor();
      // Gita's packs: handed over here offline, and by a colleague at the other table meanwhile.
      await find(page, gita.pickupCode);
      await page.getByLabel('Kode ambil', { exact: true }).fill(gita.pickupCode);
      await page.getByRole('button', { name: 'Serahkan', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Penyerahan ${gita.pickupCode} dicatat` })
        .waitFor();
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Luring · 4 / })
        .waitFor();
      await expectAccessible(page);
      await shot(page, 'offline');
      await ctx.http.post(`/orders/${gita.id}/handover`).set(bearer(colleague.token)).send({ pickupCode: gita.pickupCode }).expect(200);
      for (const waiting of [ani, eko]) expect(await statusOf(waiting.id)).toBe('paid');
      expect(await statusOf(fitri.id)).toBe('placed');

      await page.context().setOffline(false);
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Daring · 0 / })
        .waitFor();
      await page.getByRole('status').filter({ hasText: '3 tindakan yang menunggu sudah terkirim' }).waitFor();
      const conflict = page.getByRole('alert').filter({ hasText: gita.pickupCode });
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('petugas lain');
      for (const handed of [ani, eko]) {
        expect(await statusOf(handed.id)).toBe('picked_up');
        expect(await count('order_handovers', handed.id)).toBe(1);
      }
      expect(await statusOf(fitri.id)).toBe('paid');
      const payments = await sql<{ method: string; reference: string }>(
        ctx.databaseUrl,
        'SELECT method, reference FROM payments WHERE order_id = $1',
        [fitri.id],
      );
      expect(payments).toEqual([{ method: 'TRANSFER', reference: 'BRI 0412 7781' }]);
      const handovers = await sql<{ by: string }>(
        ctx.databaseUrl,
        'SELECT u.username AS by FROM order_handovers h JOIN users u ON u.id = h.handed_over_by_id WHERE h.order_id = $1',
        [gita.id],
      );
      expect(handovers).toEqual([{ by: colleague.username }]);
      await expectAccessible(page);
      await shot(page, 'conflict');
      // Settled by the officer: the conflict goes away, nothing is waiting.
      await page.getByRole('button', { name: 'Sudah ditangani' }).click();
      await conflict.waitFor({ state: 'detached' });
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Daring · 0 / })
        .waitFor();
    });
  });

  it("on a phone shared by two officers, each one's queued actions wait for their own session", async () => {
    const maya = await order({ 5: 1 });
    await pay(ctx, officer.token, maya);
    const second = await createOfficer(ctx, ref, 'petugas.lenteng3', [lenteng.id]);
    await onPhone(browser, ctx.baseUrl, 'desk-shared-phone', async (page) => {
      await openDesk(page);
      await page.context().setOffline(true);
      await find(page, maya.pickupCode);
      await page.getByLabel('Kode ambil', { exact: true }).fill(maya.pickupCode);
      await page.getByRole('button', { name: 'Serahkan', exact: true }).click();
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Luring · 1 / })
        .waitFor();
      // The session ends while offline (the next officer takes the phone): nothing can be sent as anyone.
      await page.context().clearCookies();
      await page.context().setOffline(false);
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Daring · 1 / })
        .waitFor();
      await page.getByRole('alert').filter({ hasText: 'Sesi Anda berakhir' }).waitFor();
      await openDesk(page, second.username);
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Daring · 0 / })
        .waitFor();
      expect(await statusOf(maya.id)).toBe('paid');
      await page.context().clearCookies();
      await openDesk(page);
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Daring · 0 / })
        .waitFor();
      expect(await statusOf(maya.id)).toBe('picked_up');
      const handovers = await sql<{ by: string }>(
        ctx.databaseUrl,
        'SELECT u.username AS by FROM order_handovers h JOIN users u ON u.id = h.handed_over_by_id WHERE h.order_id = $1',
        [maya.id],
      );
      expect(handovers).toEqual([{ by: officer.username }]);
    });
  });

  it('opens again without a connection (service worker) and finds an order from the copy on the phone', async () => {
    const lina = await order({ 10: 1 });
    await onPhone(browser, ctx.baseUrl, 'desk-offline-reload', async (page) => {
      await openDesk(page);
      const kept = `caches.open('gelombang-desk-1').then((cache) => cache.match(location.pathname + location.search)).then((hit) => !!hit)`;
      for (let tries = 0; !(await page.evaluate(kept)); tries++) {
        if (tries > 50) throw new Error('the desk page was not kept by the service worker');
        await page.waitForTimeout(100);
      }
      await page.context().setOffline(true);
      const response = await page.reload();
      expect(response?.fromServiceWorker()).toBe(true);
      await page
        .getByTestId('offline-queue')
        .filter({ hasText: /^Luring · 0/ })
        .waitFor();
      await find(page, lina.pickupCode);
      expect(await page.locator('#panel').textContent()).toContain('Rp 110.000');
      await page.context().setOffline(false);
    });
  });

  it('keeps the desk page within 100 kB transferred on first load', async () => {
    await onPhone(browser, ctx.baseUrl, 'desk-budget', async (page) => {
      await logIn(page, officer.username, `${officer.username}-password`);
      const transfers: { type: string; bytes: number; url: string }[] = [];
      page.on('requestfinished', (request) => {
        void request
          .sizes()
          .then((sizes) =>
            transfers.push({ type: request.resourceType(), url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize }),
          );
      });
      await page.goto(deskUrl(), { waitUntil: 'networkidle' });
      await page.waitForTimeout(300);
      const total = transfers.reduce((sum, t) => sum + t.bytes, 0);
      const js = transfers.filter((t) => t.type === 'script').reduce((sum, t) => sum + t.bytes, 0);
      console.log(
        `desk page first load: ${(total / KB).toFixed(1)} kB in ${transfers.length} responses, JavaScript ${(js / KB).toFixed(1)} kB`,
      );
      expect(transfers.some((t) => t.type === 'script')).toBe(true);
      expect(total).toBeLessThanOrEqual(100 * KB);
    });
  });

  describe('with the camera', () => {
    let camera: Browser;
    let dir: string;
    let hana: PlacedOrder;

    beforeAll(async () => {
      hana = await order({ 20: 1 });
      await pay(ctx, officer.token, hana);
      dir = mkdtempSync(join(tmpdir(), 'gelombang-desk-camera-'));
      camera = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-video-capture=${await qrVideo(hana.pickupCode, dir)}`,
        ],
      });
    });
    afterAll(async () => {
      await camera?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('scans the buyer QR code with the phone camera and hands the packs over', async () => {
      const context = await camera.newContext({ viewport: PHONE, baseURL: ctx.baseUrl, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
      await context.grantPermissions(['camera'], { origin: ctx.baseUrl });
      const page = await context.newPage();
      try {
        await openDesk(page);
        await page.getByRole('button', { name: 'Pindai QR' }).click();
        await page.getByRole('heading', { name: new RegExp(hana.pickupCode) }).waitFor({ timeout: 20_000 });
        expect(await page.getByLabel('Kode ambil', { exact: true }).inputValue()).toBe(hana.pickupCode);
        await page.getByRole('button', { name: 'Serahkan', exact: true }).click();
        await page
          .getByRole('status')
          .filter({ hasText: `Pesanan ${hana.pickupCode} diserahkan` })
          .waitFor();
        expect(await statusOf(hana.id)).toBe('picked_up');
      } catch (error) {
        mkdirSync(join(tmpdir(), 'gelombang-web-failures'), { recursive: true });
        await page.screenshot({ path: join(tmpdir(), 'gelombang-web-failures', 'desk-camera.png') }).catch(() => undefined);
        throw error;
      } finally {
        await context.close();
      }
    });
  });
  it('records goods received (a double tap makes one receipt), shows the stock, the dispatch board and the cash held', async () => {
    const rina = await order({ 5: 1 });
    await pay(ctx, officer.token, rina);
    const dedi = await registerBuyer(ctx, 100 + buyerIndex++);
    const delivered = await placeOrder(ctx, wave, dedi, lenteng.id, { 5: 2 }, 'Jl. Joe No. 5, Lenteng Agung, Jagakarsa');
    await pay(ctx, officer.token, delivered);
    await onPhone(browser, ctx.baseUrl, 'desk-goods', async (page) => {
      await openDesk(page);
      expect(await page.getByRole('link', { name: 'Daftar ambil (cetak A4)' }).getAttribute('href')).toBe(
        `/dropping-points/${lenteng.id}/pickup-list.html?waveId=${wave.id}`,
      );
      await page.getByRole('link', { name: 'Barang & stok' }).click();
      await page.waitForURL(`**/petugas/titik/${lenteng.id}/barang?gelombang=${wave.id}`);
      await expectAccessible(page);
      await page.getByLabel('Kemasan 5 kg Beras premium Indramayu yang tiba').fill('40');
      await page.getByLabel('Kemasan 10 kg Beras premium Indramayu yang tiba').fill('30');
      await page.getByLabel('Kemasan 20 kg Beras premium Indramayu yang tiba').fill('20');
      await page.getByLabel('Catatan').fill('Truk koperasi tiba 07.30');
      // The second tap may abort the first tap's navigation: wait for where the page lands, not for one navigation.
      await page.getByRole('button', { name: 'Simpan penerimaan barang' }).dblclick();
      await page.getByRole('status').filter({ hasText: 'Penerimaan barang tersimpan.' }).waitFor();
      expect(page.url()).toMatch(/pesan=desk\.goods\.saved/);
      const receipts = await sql<{ n: string }>(ctx.databaseUrl, 'SELECT count(*) AS n FROM goods_receipts WHERE dropping_point_id = $1', [
        lenteng.id,
      ]);
      expect(Number(receipts[0].n)).toBe(1);
      const row5 = page.getByRole('row', { name: /^5 kg/ });
      expect((await row5.getByRole('cell').allTextContents())[1]).toBe('40');
      expect(await page.locator('main').textContent()).toContain('Truk koperasi tiba 07.30');
      expect(await statusOf(rina.id)).toBe('ready');
      await expectAccessible(page);
      await shot(page, 'goods');

      await page.getByRole('link', { name: 'Antar' }).click();
      await page.waitForURL(`**/petugas/titik/${lenteng.id}/antar?gelombang=${wave.id}`);
      const trip = page.locator('li.card').filter({ hasText: delivered.pickupCode });
      await trip.waitFor();
      expect(await trip.textContent()).toContain('Jl. Joe No. 5');
      await Promise.all([
        page.waitForURL(/pesan=desk\.dispatch\.queued/),
        page.getByRole('button', { name: 'Kirim lewat ojek online' }).click(),
      ]);
      await page.getByRole('status').filter({ hasText: 'antrean' }).waitFor();
      await expectAccessible(page);
      await shot(page, 'dispatch');

      await page.getByRole('link', { name: 'Kas' }).click();
      await page.waitForURL(`**/petugas/titik/${lenteng.id}/kas?gelombang=${wave.id}`);
      const custody = await ctx.http.get(`/waves/${wave.id}/cash`).set(bearer(officer.token)).expect(200);
      const held: number = custody.body.officers[0].cashHeldRp;
      expect(held).toBeGreaterThan(100_000);
      const rp = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;
      expect(await page.getByTestId('cash-held').textContent()).toContain(rp(held));
      await page.getByLabel('Jumlah (Rp)').fill(String(held + 1));
      await page.getByRole('button', { name: 'Catat penyerahan uang' }).click();
      await page.getByRole('alert').filter({ hasText: 'melebihi' }).waitFor();
      await page.getByLabel('Jumlah (Rp)').fill('100.000');
      await page.getByLabel('Penerima', { exact: true }).selectOption({ label: 'Bendahara program' });
      await page.getByLabel('Nama penerima').fill('Ibu Rina');
      await page.getByRole('button', { name: 'Catat penyerahan uang' }).click();
      await page.getByRole('status').filter({ hasText: 'Penyerahan uang tercatat' }).waitFor();
      expect(await page.getByTestId('cash-held').textContent()).toContain(rp(held - 100_000));
      expect(await page.locator('main').textContent()).toContain('Menunggu konfirmasi');
      await expectAccessible(page);
      await shot(page, 'cash');
    });
  });
});
