import type { Browser, Page } from 'playwright-core';
import { createOfficer, pay, placeOrder, Staff } from '../desk-fixtures';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyer } from '../support/fixtures';
import { sql } from '../support/test-app';
import { launchBrowser, logIn, onPhone, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

/**
 * COURIER_DRIVER=manual: the point books each trip in the courier's own app; the dispatch board
 * records the booking (number, fee, tracking link) and what the driver reports, failure with its reason.
 */
describe('dispatch board with a manual courier, in a phone browser', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let wave: { id: string; name: string };
  let officer: Staff;

  beforeAll(async () => {
    ctx = await startWebContext({ COURIER_DRIVER: 'manual' });
    ref = await referenceCase(ctx);
    wave = await createWave(ctx, ref, { capacityKg: 2_900, perBuyerLimitKg: 40 });
    officer = await createOfficer(ctx, ref, 'petugas.kemenkop', [ref.points[0].id]);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const tripStatus = async (orderId: string): Promise<string[]> =>
    (await sql<{ status: string }>(ctx.databaseUrl, 'SELECT status FROM delivery_trips WHERE order_id = $1 ORDER BY part', [orderId])).map(
      (row) => row.status,
    );

  async function board(page: Page): Promise<void> {
    await page.goto(`/petugas/titik/${ref.points[0].id}/antar?gelombang=${wave.id}`);
  }

  it('books a trip by hand, records the pick-up and the delivery, and a failure with its reason', async () => {
    const point = ref.points[0].id;
    const orders = [];
    for (const i of [1, 2]) {
      const buyer = await registerBuyer(ctx, i);
      const order = await placeOrder(ctx, wave, buyer, point, { 10: 1 }, `Jl. Kebagusan Raya No. ${i}, Pasar Minggu`);
      await pay(ctx, officer.token, order);
      orders.push(order);
    }
    const [ani, budi] = orders;
    await ctx.http
      .post(`/dropping-points/${point}/receipts`)
      .set(bearer(officer.token))
      .send({ waveId: wave.id, packs: [{ packId: packOf(wave as never, 10), quantity: 10 }] })
      .expect(201);

    await onPhone(browser, ctx.baseUrl, 'desk-manual-courier', async (page) => {
      await logIn(page, officer.username, `${officer.username}-password`);
      await board(page);
      // Trips are queued at the goods receipt; the button dispatches anything still waiting.
      await Promise.all([
        page.waitForURL(/pesan=desk\.dispatch\.queued/),
        page.getByRole('button', { name: 'Kirim lewat ojek online' }).click(),
      ]);
      expect(await tripStatus(ani.id)).toEqual(['queued']);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByLabel(`Nomor pesanan kurir ${ani.pickupCode}`).fill('GS-20200410-0001');
      await page.getByLabel(`Ongkos kirim (Rp) ${ani.pickupCode}`).fill('18.000');
      await page.getByLabel(`Tautan lacak ${ani.pickupCode} (boleh kosong)`).fill('https://courier.example/track/GS-20200410-0001');
      await page.getByRole('button', { name: `Simpan pesanan kurir ${ani.pickupCode}` }).click();
      await page.getByRole('status').filter({ hasText: 'Pesanan kurir tersimpan.' }).waitFor();
      expect(await tripStatus(ani.id)).toEqual(['booked']);
      expect(await page.getByRole('link', { name: `Lacak ${ani.pickupCode}` }).getAttribute('href')).toBe(
        'https://courier.example/track/GS-20200410-0001',
      );

      await page.getByLabel(`Kabar perjalanan ${ani.pickupCode}`).selectOption({ label: 'Diambil kurir' });
      await page.getByRole('button', { name: `Simpan kabar ${ani.pickupCode}` }).click();
      await page.getByRole('status').filter({ hasText: 'Kabar perjalanan tersimpan.' }).waitFor();
      expect(await tripStatus(ani.id)).toEqual(['in_transit']);
      await page.getByLabel(`Kabar perjalanan ${ani.pickupCode}`).selectOption({ label: 'Sampai ke pembeli' });
      await page.getByRole('button', { name: `Simpan kabar ${ani.pickupCode}` }).click();
      await page.getByRole('status').filter({ hasText: 'Kabar perjalanan tersimpan.' }).waitFor();
      expect(await tripStatus(ani.id)).toEqual(['delivered']);

      await page.getByLabel(`Nomor pesanan kurir ${budi.pickupCode}`).fill('GS 0002');
      await page.getByLabel(`Ongkos kirim (Rp) ${budi.pickupCode}`).fill('15000');
      await page.getByRole('button', { name: `Simpan pesanan kurir ${budi.pickupCode}` }).click();
      await page.getByRole('alert').filter({ hasText: 'tanpa spasi' }).waitFor();
      await page.getByLabel(`Nomor pesanan kurir ${budi.pickupCode}`).fill('GS-20200410-0002');
      await page.getByLabel(`Ongkos kirim (Rp) ${budi.pickupCode}`).fill('15000');
      await page.getByRole('button', { name: `Simpan pesanan kurir ${budi.pickupCode}` }).click();
      await page.getByRole('status').filter({ hasText: 'Pesanan kurir tersimpan.' }).waitFor();
      await page.getByLabel(`Kabar perjalanan ${budi.pickupCode}`).selectOption({ label: 'Gagal' });
      await page.getByRole('button', { name: `Simpan kabar ${budi.pickupCode}` }).click();
      await page.getByRole('alert').filter({ hasText: 'isi alasannya' }).waitFor();
      await page.getByLabel(`Kabar perjalanan ${budi.pickupCode}`).selectOption({ label: 'Gagal' });
      await page.getByLabel(`Alasan gagal ${budi.pickupCode}`).fill('Pembeli tidak bisa dihubungi');
      await page.getByRole('button', { name: `Simpan kabar ${budi.pickupCode}` }).click();
      await page.getByRole('status').filter({ hasText: 'Kabar perjalanan tersimpan.' }).waitFor();
      expect(await tripStatus(budi.id)).toEqual(['failed']);
      const failed = page.locator('li.card').filter({ hasText: budi.pickupCode });
      expect(await failed.textContent()).toContain('Pembeli tidak bisa dihubungi');
      expect(await seriousAxeViolations(page)).toEqual([]);
      // Re-dispatch: the failed trip waits for a new booking.
      await Promise.all([
        page.waitForURL(/pesan=desk\.dispatch\.queued/),
        page.getByRole('button', { name: 'Kirim lewat ojek online' }).click(),
      ]);
      expect(await tripStatus(budi.id)).toContain('queued');
      await page.getByLabel(`Nomor pesanan kurir ${budi.pickupCode}`).waitFor();
    });
  });
});
