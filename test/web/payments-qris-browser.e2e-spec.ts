import type { Browser } from 'playwright-core';
import { placeOrder } from '../desk-fixtures';
import { paymentsEnv, PaymentsSim, simQrOf, startPaymentsSim, waitFor } from '../payments-support';
import { createWave, ReferenceCase, referenceCase, registerBuyer } from '../support/fixtures';
import { sql } from '../support/test-app';
import { launchBrowser, logIn, onPhone, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

/** "Bayar dengan QRIS" on the buyer's order page in Chromium at 360x740, paid through the gateway simulator. */
describe('paying an order by QRIS from the phone browser', () => {
  let sim: PaymentsSim;
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let wave: any;

  beforeAll(async () => {
    sim = await startPaymentsSim();
    ctx = await startWebContext(paymentsEnv(sim, { PAYMENTS_RECONCILE_SECONDS: '3600' }));
    await sim.control('POST', '/_sim/config', { callbackUrl: `${ctx.baseUrl}/payments/xendit/callback` });
    ref = await referenceCase(ctx);
    wave = await createWave(ctx, ref, { capacityKg: 2_900, perBuyerLimitKg: 40 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await sim?.stop();
  });

  it('shows the QRIS code with amount and expiry in WIB, and turns paid by itself when the simulator pays it', async () => {
    const buyer = await registerBuyer(ctx, 31);
    const order = await placeOrder(ctx, wave, buyer, ref.points[0].id, { 10: 2 });
    await onPhone(browser, ctx.baseUrl, 'qris-pay', async (page) => {
      await logIn(page, buyer.nip, 'password-31');
      await page.goto(`/pesanan/${order.id}`);
      expect(await page.getByText('Dipesan, menunggu pembayaran').count()).toBeGreaterThan(0);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await Promise.all([page.waitForURL(`**/pesanan/${order.id}#bayar`), page.getByRole('button', { name: 'Bayar dengan QRIS' }).click()]);
      expect((await page.getByTestId('qris-amount').textContent())!.trim()).toBe('Rp 220.000');
      expect(await page.getByTestId('qris-expiry').textContent()).toMatch(/^Berlaku sampai .+ \d{4} pukul \d{2}\.\d{2} WIB$/);
      const qr = page.getByAltText('Kode QRIS untuk membayar Rp 220.000');
      await qr.waitFor();
      expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0)).toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // The same code again after a reload: one intent per order and amount.
      const [intent] = await sql<{ id: string }>(ctx.databaseUrl, `SELECT id FROM payment_intents WHERE order_id = $1`, [order.id]);
      await page.reload();
      expect(await page.locator(`img[src*="${intent.id}"]`).count()).toBe(1);

      // A marker that a reload would wipe: the page must change under it.
      await page.evaluate(`window.__notReloaded = true`);
      const qrCode = await simQrOf(sim, intent.id);
      const paid = await sim.control('POST', `/_sim/qr_codes/${qrCode.id}/pay`, {});
      expect(paid.callbacks[0].answers).toEqual([200]);
      await page.getByTestId('paid-notice').waitFor({ timeout: 10_000 });
      expect(await page.evaluate<boolean>(`window.__notReloaded === true`)).toBe(true);
      expect(await page.getByText('Pembayaran diterima. Terima kasih!').count()).toBe(1);
      expect(await page.locator('[aria-current="step"]').textContent()).toBe('Sudah dibayar');
      expect(await page.getByRole('button', { name: 'Bayar dengan QRIS' }).count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
    const standing = await waitFor('the standing payment', async () => {
      const rows = await sql<{ method: string; amount_rp: string }>(
        ctx.databaseUrl,
        'SELECT method, amount_rp FROM payments WHERE order_id = $1 AND reversed_at IS NULL',
        [order.id],
      );
      return rows.length > 0 ? rows : null;
    });
    expect(standing).toEqual([{ method: 'QRIS', amount_rp: '220000' }]);
  });

  it('works without JavaScript: the form posts, the page shows the code and reloads itself until paid', async () => {
    const buyer = await registerBuyer(ctx, 32);
    const order = await placeOrder(ctx, wave, buyer, ref.points[0].id, { 5: 1 });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, baseURL: ctx.baseUrl });
    try {
      const page = await context.newPage();
      await logIn(page, buyer.nip, 'password-32');
      await page.goto(`/pesanan/${order.id}`);
      await Promise.all([page.waitForURL(`**/pesanan/${order.id}#bayar`), page.getByRole('button', { name: 'Bayar dengan QRIS' }).click()]);
      expect((await page.getByTestId('qris-amount').textContent())!.trim()).toBe('Rp 55.000');
      expect(await page.locator('noscript').first().innerHTML()).toContain('http-equiv="refresh"');
    } finally {
      await context.close();
    }
  });

  it('polls a tiny JSON status owned by the buyer only', async () => {
    const buyer = await registerBuyer(ctx, 33);
    const other = await registerBuyer(ctx, 34);
    const order = await placeOrder(ctx, wave, buyer, ref.points[0].id, { 5: 1 });
    const mine = await ctx.http.get(`/pesanan/${order.id}/status`).set('Authorization', `Bearer ${buyer.token}`).expect(200);
    expect(mine.body).toEqual({ status: 'placed', paid: false });
    await ctx.http.get(`/pesanan/${order.id}/status`).set('Authorization', `Bearer ${other.token}`).expect(404);
  });
  it('takes a voucher on the order page: a wrong code is shown at the field, a good one leaves the rest to QRIS', async () => {
    const buyer = await registerBuyer(ctx, 35);
    const order = await placeOrder(ctx, wave, buyer, ref.points[0].id, { 10: 2 });
    const batch = await ctx.http
      .post('/voucher-batches')
      .set('Authorization', `Bearer ${ref.adminToken}`)
      .send({
        programme: 'Voucher ASN',
        faceValueRp: 50_000,
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        eligibility: 'anyone',
        count: 1,
      })
      .expect(201);
    const csv = await ctx.http
      .get(`/voucher-batches/${batch.body.id}/codes.csv`)
      .set('Authorization', `Bearer ${ref.adminToken}`)
      .expect(200);
    const code = csv.text.trim().split('\n')[1].split(',')[0];
    await onPhone(browser, ctx.baseUrl, 'voucher', async (page) => {
      await logIn(page, buyer.nip, 'password-35');
      await page.goto(`/pesanan/${order.id}`);
      await page.getByLabel('Kode voucher').fill('ZZZZ-ZZZZ-ZZZZ');
      await page.getByRole('button', { name: 'Pakai voucher' }).click();
      await page.getByText('Kode voucher tidak dikenal. Periksa lagi kodenya.').waitFor();
      expect(await page.getByLabel('Kode voucher').inputValue()).toBe('ZZZZ-ZZZZ-ZZZZ');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByLabel('Kode voucher').fill(code.toLowerCase());
      await Promise.all([page.waitForURL(`**/pesanan/${order.id}#bayar`), page.getByRole('button', { name: 'Pakai voucher' }).click()]);
      expect((await page.getByTestId('voucher-line').textContent())!.replace(/\s+/g, ' ')).toContain('− Rp 50.000');
      expect((await page.getByTestId('due').textContent())!.trim()).toBe('Rp 170.000');
      await Promise.all([page.waitForURL(`**/pesanan/${order.id}#bayar`), page.getByRole('button', { name: 'Bayar dengan QRIS' }).click()]);
      expect((await page.getByTestId('qris-amount').textContent())!.trim()).toBe('Rp 170.000');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
});
