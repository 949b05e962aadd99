import { Browser, Page } from 'playwright-core';
import { createOfficer, pay, placeOrder, PlacedOrder, Staff } from '../desk-fixtures';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyer } from '../support/fixtures';
import { sql } from '../support/test-app';
import { launchBrowser, logIn, onPhone, PHONE, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

/**
 * Issue 17, the officer's steps at the desk pages in Chromium at 360x740 with axe: take the cash and
 * hand over in one tap, hand over part when packs are short (the rest shown owed), close a paid
 * no-show and pay its refund out of the cash held, an order half delivered shown as such, surplus
 * moved to another point, and the courier fees of the point.
 */
describe('the officer steps in a phone browser', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let wave: { id: string; name: string; products: { packs: { id: string; sizeKg: number }[] }[] };
  let officer: Staff;
  let gedung: { id: string; name: string };
  let lenteng: { id: string; name: string };
  let buyerIndex = 0;

  beforeAll(async () => {
    ctx = await startWebContext({ COURIER_DRIVER: 'manual' });
    ref = await referenceCase(ctx);
    [gedung, lenteng] = ref.points;
    wave = await createWave(ctx, ref, { capacityKg: 2_900, perBuyerLimitKg: 40 });
    officer = await createOfficer(ctx, ref, 'petugas.lentengagung', [lenteng.id]);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  }

  async function order(packs: Record<number, number>, delivery?: string): Promise<PlacedOrder> {
    const buyer = await registerBuyer(ctx, 300 + buyerIndex++);
    return placeOrder(ctx, wave, buyer, lenteng.id, packs, delivery);
  }

  const receive = (byKg: Record<number, number>, pointId = lenteng.id, token = officer.token) =>
    ctx.http
      .post(`/dropping-points/${pointId}/receipts`)
      .set(bearer(token))
      .send({ waveId: wave.id, packs: Object.entries(byKg).map(([size, quantity]) => ({ packId: packOf(wave, Number(size)), quantity })) })
      .expect(201);

  async function openDesk(page: Page): Promise<void> {
    await logIn(page, officer.username, `${officer.username}-password`);
    await page.goto(`/petugas/titik/${lenteng.id}?gelombang=${wave.id}`);
    await page.getByText(/^[1-9][0-9]* pesanan tersimpan di ponsel ini/).waitFor();
  }

  async function find(page: Page, code: string): Promise<void> {
    await page.getByLabel('Cari pesanan').fill(code.replace('-', '').toLowerCase());
    await page.getByRole('heading', { name: new RegExp(code) }).waitFor();
  }

  const statusOf = async (orderId: string): Promise<string> =>
    (await sql<{ status: string }>(ctx.databaseUrl, 'SELECT status FROM orders WHERE id = $1', [orderId]))[0].status;
  const panelText = (page: Page) => page.locator('#panel').textContent();

  it('takes the exact cash and hands the packs over in one tap', async () => {
    const siti = await order({ 10: 2 });
    await onPhone(browser, ctx.baseUrl, 'desk-steps-quick', async (page) => {
      await openDesk(page);
      await find(page, siti.pickupCode);
      const quick = page.getByRole('button', { name: 'Bayar tunai Rp 220.000 & serahkan' });
      await expectAccessible(page);
      await page.getByLabel('Kode ambil (bayar tunai & serahkan)').fill('ZZZ-ZZZ');
      await quick.click();
      await page.getByRole('alert').filter({ hasText: 'Kode ambil tidak cocok' }).waitFor();
      await page.getByLabel('Kode ambil (bayar tunai & serahkan)').fill(siti.pickupCode.replace('-', '').toLowerCase());
      await quick.click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pesanan ${siti.pickupCode} dibayar tunai dan diserahkan.` })
        .waitFor();
      expect(await statusOf(siti.id)).toBe('picked_up');
      expect(await sql(ctx.databaseUrl, 'SELECT method, amount_rp::int FROM payments WHERE order_id = $1', [siti.id])).toEqual([
        { method: 'CASH', amount_rp: 220_000 },
      ]);
      expect(await panelText(page)).toContain('Sudah dibayar, Sudah diserahkan');
      expect(await quick.isVisible()).toBe(false);
      await expectAccessible(page);
    });
  });

  it('hands over part of an order when packs are short and shows the rest owed', async () => {
    const budi = await order({ 10: 2, 5: 1 });
    await pay(ctx, officer.token, budi);
    // Siti's two 10 kg packs left before any receipt was recorded: one 10 kg pack is free for Budi, who needs two.
    await receive({ 10: 3, 5: 1 });
    await onPhone(browser, ctx.baseUrl, 'desk-steps-partial', async (page) => {
      await openDesk(page);
      await find(page, budi.pickupCode);
      await page.getByLabel('10 kg (terutang 2)').fill('3');
      await page.getByLabel('Kode ambil (serahkan sebagian)').fill(budi.pickupCode);
      await page.getByRole('button', { name: 'Simpan penyerahan sebagian' }).click();
      await page.getByRole('alert').filter({ hasText: 'tidak lebih dari yang terutang' }).waitFor();
      await page.getByLabel('10 kg (terutang 2)').fill('1');
      await page.getByLabel('5 kg (terutang 1)').fill('1');
      await page.getByRole('button', { name: 'Simpan penyerahan sebagian' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Sebagian pesanan ${budi.pickupCode} diserahkan.` })
        .waitFor();
      await page.getByText('Masih terutang: 1 x 10 kg').waitFor();
      const text = await panelText(page);
      expect(text).toContain('Sebagian diserahkan');
      expect(text).toContain('Sudah diterima pembeli: 1 x 5 kg, 1 x 10 kg');
      expect(text).toContain('Serahkan sisa kemasan saat tiba');
      expect(await statusOf(budi.id)).toBe('paid');
      expect(await sql(ctx.databaseUrl, 'SELECT quantity FROM handover_packs WHERE order_id = $1 ORDER BY quantity', [budi.id])).toEqual([
        { quantity: 1 },
        { quantity: 1 },
      ]);
      await expectAccessible(page);
    });
  });

  it('closes a paid no-show with the money owed back, pays it out in cash and shows it in the cash held', async () => {
    const joko = await order({ 10: 1 });
    await pay(ctx, officer.token, joko);
    const heldBefore: number = (await ctx.http.get(`/waves/${wave.id}/cash`).set(bearer(officer.token)).expect(200)).body.officers[0]
      .cashHeldRp;
    await onPhone(browser, ctx.baseUrl, 'desk-steps-no-show', async (page) => {
      await openDesk(page);
      await find(page, joko.pickupCode);
      await page.getByRole('button', { name: 'Tidak datang: batalkan pesanan' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pesanan ${joko.pickupCode} dibatalkan (tidak datang)` })
        .waitFor();
      await page.getByText('Bayar kembali Rp 110.000 tunai kepada pembeli.').waitFor();
      expect(await panelText(page)).toContain('Dibatalkan, Uang harus dikembalikan');
      expect(await panelText(page)).toContain('Uang kembali: Rp 110.000 terutang, Rp 0 sudah dibayar');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Bayar kembali tunai' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Uang pesanan ${joko.pickupCode} sudah dikembalikan.` })
        .waitFor();
      await page.getByText('Uang kembali: Rp 0 terutang, Rp 110.000 sudah dibayar').waitFor();
      expect(await panelText(page)).toContain('Dibatalkan, Uang sudah dikembalikan');
      expect(await page.getByRole('button', { name: 'Bayar kembali tunai' }).isVisible()).toBe(false);
      expect(await sql(ctx.databaseUrl, 'SELECT cancel_reason FROM orders WHERE id = $1', [joko.id])).toEqual([
        { cancel_reason: 'no_show_refunded' },
      ]);

      await page.getByRole('link', { name: 'Kas' }).click();
      await page.getByTestId('cash-held').waitFor();
      const rp = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;
      expect(await page.getByTestId('cash-held').textContent()).toContain(rp(heldBefore - 110_000));
      expect(await page.getByRole('row', { name: /^Dikembalikan ke pembeli/ }).textContent()).toContain('Rp 110.000');
      await expectAccessible(page);
    });
  });

  it('shows an order half delivered as partly handed over, and the courier fees of the point', async () => {
    const dewi = await order({ 20: 1, 10: 1 }, 'Jl. Raya Lenteng Agung No. 12, Jagakarsa');
    await pay(ctx, officer.token, dewi);
    // Enough for Dewi after Budi (paid first) takes the 10 kg pack he is still owed.
    await receive({ 20: 1, 10: 2 });
    const trips = await sql<{ id: string; part: number }>(
      ctx.databaseUrl,
      'SELECT id, part FROM delivery_trips WHERE order_id = $1 ORDER BY part',
      [dewi.id],
    );
    expect(trips.map((t) => t.part)).toEqual([1, 2]);
    for (const [index, trip] of trips.entries()) {
      await ctx.http
        .post(`/deliveries/${trip.id}/booking`)
        .set(bearer(officer.token))
        .send({ bookingId: `GS-${index + 1}`, feeRp: 18_000 - index * 3_000 })
        .expect(201);
    }
    await ctx.http.post(`/deliveries/${trips[0].id}/progress`).set(bearer(officer.token)).send({ event: 'delivered' }).expect(200);
    await ctx.http
      .post(`/deliveries/${trips[1].id}/progress`)
      .set(bearer(officer.token))
      .send({ event: 'failed', reason: 'Rumah kosong' })
      .expect(200);
    expect(await statusOf(dewi.id)).toBe('ready');
    await onPhone(browser, ctx.baseUrl, 'desk-steps-half-delivered', async (page) => {
      await openDesk(page);
      await find(page, dewi.pickupCode);
      const text = await panelText(page);
      expect(text).toContain('Sudah dibayar, Sebagian diserahkan');
      expect(text).toContain('Sudah diterima pembeli: 1 x 20 kg');
      expect(text).toContain('Masih terutang: 1 x 10 kg');
      await page.getByRole('link', { name: 'Antar' }).click();
      await page.getByTestId('courier-fees').waitFor();
      expect(await page.getByTestId('courier-fees').textContent()).toBe('Rp 33.000');
      expect(await page.getByRole('row', { name: /^Ongkos kurir/ }).textContent()).toContain('2 perjalanan');
      await expectAccessible(page);
    });
  });

  it('moves surplus packs to another point: out here, in there, the stock right at both', async () => {
    const gedungOfficer = await createOfficer(ctx, ref, 'petugas.gedung', [gedung.id]);
    const there = await placeOrder(ctx, wave, await registerBuyer(ctx, 300 + buyerIndex++), gedung.id, { 5: 2 });
    await pay(ctx, gedungOfficer.token, there);
    await receive({ 5: 0 }, gedung.id, gedungOfficer.token);
    await receive({ 5: 6 });
    await onPhone(browser, ctx.baseUrl, 'desk-steps-move', async (page) => {
      await openDesk(page);
      await page.getByRole('link', { name: 'Barang & stok' }).click();
      await page.getByRole('heading', { name: 'Pindahkan kelebihan ke titik lain' }).waitFor();
      await expectAccessible(page);
      expect(await page.getByLabel('Titik tujuan').locator('option').allTextContents()).toEqual([gedung.name]);
      const surplus = page.getByLabel(/^Kemasan 5 kg Beras premium Indramayu \(lebih \d+\)$/);
      const before = Number((await surplus.evaluate((input) => input.labels?.[0]?.textContent ?? '')).match(/lebih (\d+)/)![1]);
      await surplus.fill(String(before + 1));
      await page.getByRole('button', { name: 'Catat pemindahan' }).click();
      await page.getByRole('alert').filter({ hasText: 'melebihi kelebihan' }).waitFor();
      await page.getByLabel(/^Kemasan 5 kg Beras premium Indramayu \(lebih \d+\)$/).fill('2');
      await page.getByLabel('Keterangan pemindahan').fill('Dibawa mobil kantor');
      await page.getByRole('button', { name: 'Catat pemindahan' }).click();
      await page.getByRole('status').filter({ hasText: 'Pemindahan tercatat di kedua titik.' }).waitFor();
      const moves = page.locator('section[aria-labelledby="moves-title"]');
      expect(await moves.textContent()).toContain(`Keluar ke ${gedung.name}`);
      expect(await moves.textContent()).toContain('2 x 5 kg');
      expect(await moves.textContent()).toContain('Dibawa mobil kantor');
      await expectAccessible(page);
    });
    expect(await statusOf(there.id)).toBe('ready');
    const into = await ctx.http
      .get(`/dropping-points/${gedung.id}/receipts?waveId=${wave.id}`)
      .set(bearer(gedungOfficer.token))
      .expect(200);
    expect(into.body.transfers.map((t: any) => [t.direction, t.from.name, t.packs[0].quantity])).toEqual([['in', lenteng.name, 2]]);
    expect(into.body.stock.find((s: any) => s.sizeKg === 5)).toMatchObject({ receivedPacks: 0, movedInPacks: 2, shortfallPacks: 0 });
  });
});
