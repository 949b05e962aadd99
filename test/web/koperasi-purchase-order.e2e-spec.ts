import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatTonnes } from '../../src/common/weight';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from '../support/fixtures';
import { sql } from '../support/test-app';
import { launchBrowser, logIn, onPhone, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

const MANAGER = { username: 'manajer.tanimulus', password: 'manajer-password' };
const OTHER_MANAGER = { username: 'manajer.lain', password: 'manajer-password' };
/** Set WEB_SCREENSHOTS=1 to refresh the README's pictures of the manager's pages. */
const SHOTS = process.env.WEB_SCREENSHOTS ? join(__dirname, '..', '..', 'docs', 'screenshots') : null;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

describe('Cooperative manager pages (phone)', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let closedWave: { id: string };
  let buyers: TestBuyer[];
  let purchaseOrderId: string;

  beforeAll(async () => {
    ctx = await startWebContext();
    ref = await referenceCase(ctx);
    const auth = bearer(ref.adminToken);
    await ctx.http
      .post('/users')
      .set(auth)
      .send({ ...MANAGER, role: 'COOP_MANAGER', cooperativeId: ref.cooperativeId })
      .expect(201);
    const other = await ctx.http
      .post('/cooperatives')
      .set(auth)
      .send({ name: 'Koperasi Sumber Rejeki', region: 'Kabupaten Subang' })
      .expect(201);
    await ctx.http
      .post('/users')
      .set(auth)
      .send({ ...OTHER_MANAGER, role: 'COOP_MANAGER', cooperativeId: other.body.id })
      .expect(201);

    // Wave I of April 2020 in small: 29 civil servants order 100 kg each, 2,9 ton in all, then it closes.
    buyers = await registerBuyers(ctx, 29, 1_000);
    closedWave = await createWave(ctx, ref, { capacityKg: 5_000, perBuyerLimitKg: 100, closesInMs: 20_000 });
    for (const [i, buyer] of buyers.entries()) {
      await ctx.http
        .post(`/waves/${closedWave.id}/orders`)
        .set(bearer(buyer.token))
        .send({
          droppingPointId: ref.points[i % 2].id,
          fulfilment: 'pickup',
          items: [
            { packId: packOf(closedWave as never, 20), quantity: 4 },
            { packId: packOf(closedWave as never, 10), quantity: 2 },
          ],
        })
        .expect(201);
    }
    const issued = await until(
      () =>
        ctx.http
          .get(`/waves/${closedWave.id}/purchase-orders`)
          .set(auth)
          .then((response) => response.body),
      (body) => Array.isArray(body) && body.length === 1,
      40_000,
    );
    purchaseOrderId = issued[0].id;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('lands on /koperasi, opens the purchase order in tonnes per point, downloads the PDF and CSV', async () => {
    await onPhone(browser, ctx.baseUrl, 'koperasi-purchase-order', async (page) => {
      await logIn(page, MANAGER.username, MANAGER.password);
      expect(new URL(page.url()).pathname).toBe('/koperasi');
      await page.locator(`a[href="/koperasi/pesanan-pembelian/${purchaseOrderId}"]`).click();
      await page.waitForURL(`**/koperasi/pesanan-pembelian/${purchaseOrderId}`);
      await expect(page.getByTestId('po-total').textContent()).resolves.toBe('2,9 ton');
      // One table per dropping point: 15 buyers at the ministry, 14 in Lenteng Agung.
      const tables = page.getByTestId('point-table');
      await expect(tables.count()).resolves.toBe(2);
      await expect(page.getByRole('heading', { name: 'Titik kumpul: Gedung Kementerian Koperasi dan UKM' }).isVisible()).resolves.toBe(
        true,
      );
      await expect(tables.nth(0).locator('tfoot').textContent()).resolves.toContain('1,5 ton');
      await expect(tables.nth(1).locator('tfoot').textContent()).resolves.toContain('1,4 ton');
      await expect(page.getByRole('button', { name: 'Konfirmasi' }).isVisible()).resolves.toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);

      for (const [name, type] of [
        ['Unduh PDF', 'application/pdf'],
        ['Unduh CSV', 'text/csv'],
      ]) {
        const href = await page.getByRole('link', { name }).getAttribute('href');
        const file = await page.request.get(href!);
        expect(file.status()).toBe(200);
        expect(file.headers()['content-type']).toContain(type);
      }
      const csv = await (await page.request.get(`/purchase-orders/${purchaseOrderId}.csv`)).text();
      expect(csv).toContain('Lenteng Agung');
      await shot(page, 'koperasi-purchase-order');
    });
  });

  it('confirms with what it can supply: the latest orders are cut and the page names them; then records shipments', async () => {
    await onPhone(browser, ctx.baseUrl, 'koperasi-confirm', async (page) => {
      await logIn(page, MANAGER.username, MANAGER.password);
      await page.goto(`/koperasi/pesanan-pembelian/${purchaseOrderId}`);
      await page.getByLabel('Tidak dapat dipasok dari Beras premium Indramayu (kg)').fill('150');
      await Promise.all([page.waitForURL(/pesan=koperasi\.confirm\.done/), page.getByRole('button', { name: 'Konfirmasi' }).click()]);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('sudah dikonfirmasi');
      const po = (await ctx.http.get(`/purchase-orders/${purchaseOrderId}`).set(bearer(ref.adminToken)).expect(200)).body;
      expect(po.toDeliver.totalKg).toBeLessThanOrEqual(2_750);
      await expect(page.getByTestId('po-total').textContent()).resolves.toBe(formatTonnes(po.toDeliver.totalKg / 1000));
      // 150 kg from the latest orders first: the last buyer's whole 100 kg, then part of the one before.
      const rows = await page.getByTestId('cuts-table').locator('tbody tr').allTextContents();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain('Pegawai 1028');
      expect(rows[0]).toContain('100 kg (batal)');
      expect(rows[1]).toContain('Pegawai 1027');
      expect(rows[1]).toContain('(dikurangi)');
      await expect(page.getByRole('button', { name: 'Konfirmasi' }).count()).resolves.toBe(0);
      await expect(page.locator('#amendments + ul').textContent()).resolves.toContain('Kekurangan pasokan');
      expect(await seriousAxeViolations(page)).toEqual([]);

      const first = page.getByTestId(`shipment-${ref.points[0].id}`);
      await Promise.all([
        page.waitForURL(/pesan=koperasi\.ship\.recorded/),
        first.getByRole('button', { name: 'Tandai terkirim' }).click(),
      ]);
      await expect(page.getByTestId(`shipment-${ref.points[0].id}`).textContent()).resolves.toContain('Terkirim');
      const [shipment] = await sql<{ shipped_kg: number }>(
        ctx.databaseUrl,
        'SELECT shipped_kg FROM purchase_order_shipments WHERE purchase_order_id = $1 AND dropping_point_id = $2',
        [purchaseOrderId, ref.points[0].id],
      );
      expect(shipment.shipped_kg).toBe(
        po.toDeliver.droppingPoints.find((point: { droppingPointId: string }) => point.droppingPointId === ref.points[0].id).kg,
      );
      expect(shipment.shipped_kg).toBe(1_400);
    });
  });

  it('ships fewer packs with vehicle and driver, shows the shortfall per point, the receipts with a transport loss and the invoice', async () => {
    await onPhone(browser, ctx.baseUrl, 'koperasi-shipment-invoice', async (page) => {
      await logIn(page, MANAGER.username, MANAGER.password);
      await page.goto(`/koperasi/pesanan-pembelian/${purchaseOrderId}`);
      await expect(page.getByTestId('invoice').textContent()).resolves.toContain('Menunggu barang diterima');
      await expect(page.getByTestId('invoice-amount').textContent()).resolves.toBe('Rp 0');
      // Lenteng Agung: 54 packs of 20 kg and 27 of 10 kg due after the cut; the truck takes 50 of 20 kg.
      const second = page.getByTestId(`shipment-${ref.points[1].id}`);
      await second.getByLabel('Kemasan 20 kg Beras premium Indramayu dimuat (dari 54)').fill('50');
      await second.getByLabel('Kendaraan').fill('B 9123 KX');
      await second.getByLabel('Sopir').fill('Pak Darsono');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await Promise.all([
        page.waitForURL(/pesan=koperasi\.ship\.recorded/),
        second.getByRole('button', { name: 'Tandai terkirim' }).click(),
      ]);
      const shipped = await page.getByTestId(`shipment-${ref.points[1].id}`).textContent();
      expect(shipped).toContain('Kendaraan B 9123 KX, sopir Pak Darsono');
      expect(shipped).toContain('Kurang dikirim: 80 kg');
      // The ministry lost the last order (100 kg); Lenteng Agung 50 kg of the cut and the 80 kg left behind.
      await expect(page.getByTestId(`shortfall-${ref.points[0].id}`).textContent()).resolves.toContain(
        'Gedung Kementerian Koperasi dan UKM: kurang 100 kg (Rp 1.100.000)',
      );
      await expect(page.getByTestId(`shortfall-${ref.points[1].id}`).textContent()).resolves.toContain(
        'Lenteng Agung: kurang 130 kg (Rp 1.430.000)',
      );

      const admin = bearer(ref.adminToken);
      for (const [point, twenty, ten] of [
        [ref.points[0].id, 57, 28],
        [ref.points[1].id, 49, 27],
      ] as const) {
        await ctx.http
          .post(`/dropping-points/${point}/receipts`)
          .set(admin)
          .send({
            waveId: closedWave.id,
            packs: [
              { packId: packOf(closedWave as never, 20), quantity: twenty },
              { packId: packOf(closedWave as never, 10), quantity: ten },
            ],
          })
          .expect(201);
      }
      await page.reload();
      const receipts = page.getByTestId(`receipts-${ref.points[1].id}`);
      await expect(receipts.textContent()).resolves.toContain('Diterima');
      await expect(receipts.textContent()).resolves.toContain('Susut/hilang dalam pengiriman: 20 kg');
      // 1.400 kg at the ministry and 1.250 kg at Lenteng Agung, at Rp 11.000 per kg.
      await expect(page.getByTestId('invoice-amount').textContent()).resolves.toBe('Rp 29.150.000');
      const invoice = await page.getByTestId('invoice').textContent();
      expect(invoice).toContain('Semua diterima');
      expect(invoice).toContain('Dikurangi susut/hilang di jalan');
      expect(invoice).toContain('Diterima dan ditagihkan: 2,65 ton');
      // One 20 kg pack more than shipped arrived at the ministry: shown, not invoiced, and taken back.
      const surplus = page.getByTestId(`receipts-${ref.points[0].id}`);
      await expect(surplus.textContent()).resolves.toContain('Lebih di titik kumpul: 20 kg (tidak ditagihkan)');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await Promise.all([
        page.waitForURL(/pesan=koperasi\.surplus\.done/),
        surplus.getByRole('button', { name: 'Catat 20 kg lebih diambil kembali koperasi' }).click(),
      ]);
      await expect(page.getByTestId(`receipts-${ref.points[0].id}`).textContent()).resolves.toContain('Diambil kembali koperasi: 20 kg');
      await expect(page.getByTestId('invoice-amount').textContent()).resolves.toBe('Rp 29.150.000');
      await shot(page, 'koperasi-invoice');
    });
  });

  it('gives a manager of another cooperative 403 for this purchase order page', async () => {
    await onPhone(browser, ctx.baseUrl, 'koperasi-forbidden', async (page) => {
      await logIn(page, OTHER_MANAGER.username, OTHER_MANAGER.password);
      const response = await page.goto(`/koperasi/pesanan-pembelian/${purchaseOrderId}`);
      expect(response!.status()).toBe(403);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tidak diizinkan');
      expect(await seriousAxeViolations(page)).toEqual([]);
      const file = await page.request.get(`/purchase-orders/${purchaseOrderId}.pdf`);
      expect(file.status()).toBe(403);
    });
  });

  it('while a wave is open shows what is ordered so far per point; edits a product', async () => {
    const open = await createWave(ctx, ref, { capacityKg: 2_000, perBuyerLimitKg: 100 });
    await ctx.http
      .post(`/waves/${open.id}/orders`)
      .set(bearer(buyers[0].token))
      .send({ droppingPointId: ref.points[1].id, fulfilment: 'pickup', items: [{ packId: packOf(open, 20), quantity: 2 }] })
      .expect(201);
    await onPhone(browser, ctx.baseUrl, 'koperasi-open-wave', async (page: Page) => {
      await logIn(page, MANAGER.username, MANAGER.password);
      const section = page.getByRole('region', { name: open.name });
      await expect(section.textContent()).resolves.toMatch(/Lenteng Agung\s*40 kg/);
      await expect(section.textContent()).resolves.toContain('40 kg / 2 ton');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.goto('/koperasi/produk');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByLabel('Harga per kg (Rp)').fill('11500');
      await page.getByLabel('Tersedia (kg)').fill('4000');
      await Promise.all([page.waitForURL(/pesan=koperasi\.products\.saved/), page.getByRole('button', { name: 'Simpan' }).click()]);
      await expect(page.getByRole('status').textContent()).resolves.toContain('disimpan');
      await expect(page.locator('main').textContent()).resolves.toContain('5 kg Rp 57.500');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.goto('/koperasi');
      await shot(page, 'koperasi-home');
    });
    const [product] = await sql<{ price_per_kg_rp: number; available_kg: number }>(
      ctx.databaseUrl,
      'SELECT price_per_kg_rp, available_kg FROM products WHERE id = $1',
      [ref.productId],
    );
    expect(product).toEqual({ price_per_kg_rp: 11_500, available_kg: 4_000 });
  });
});
