import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { WaveLifecycleService } from '../../src/waves/wave-lifecycle.service';
import { createOfficer, createStaff, Staff } from '../desk-fixtures';
import { ADMIN } from '../support/test-app';
import { bearer, createWave, nipFor, packOf, referenceCase, ReferenceCase, registerBuyer, TestBuyer } from '../support/fixtures';
import { FAILURE_SHOTS, launchBrowser, logIn, seriousAxeViolations, startWebContext, WebTestContext } from './support/browser';

/**
 * The administrator's steps of issue 17 on the pages, in Chromium on a laptop, with axe: the
 * directory of civil servants, a wave's uptake per agency, accounts by role, an officer's points
 * changed, a staff password reset (test/walkthrough-admin.e2e-spec.ts has the same through the API).
 */

const KEMENKOP = 'Kementerian Koperasi dan UKM';
const BAPPENAS = 'Kementerian PPN/Bappenas';

async function asAdmin(browser: Browser, baseUrl: string, name: string, scenario: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: baseUrl, locale: 'id-ID' });
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

/** A table's body rows, cells joined by ' | '. */
async function rowsOf(page: Page, testId: string): Promise<string[]> {
  const rows = page.getByTestId(testId).locator('tbody tr');
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).locator(':scope > th, :scope > td').allInnerTexts();
    out.push(cells.map((cell) => cell.replace(/\s+/g, ' ').trim()).join(' | '));
  }
  return out;
}

describe('Administrator steps on the pages (laptop)', () => {
  let ctx: WebTestContext;
  let ref: ReferenceCase;
  let browser: Browser;
  let agencyIds: Record<string, string>;
  let buyers: TestBuyer[];
  let wave: any;
  let officer: Staff;
  let manager: Staff;
  let moneyWave: any;
  let moneyPo: any;

  beforeAll(async () => {
    ctx = await startWebContext();
    ref = await referenceCase(ctx);
    const admin = bearer(ref.adminToken);
    agencyIds = {};
    for (const [name, shortName] of [
      [KEMENKOP, 'Kemenkop UKM'],
      [BAPPENAS, 'Bappenas'],
    ]) {
      agencyIds[name] = (await ctx.http.post('/agencies').set(admin).send({ name, shortName }).expect(201)).body.id;
    }
    buyers = [
      await registerBuyer(ctx, 3_000, KEMENKOP),
      await registerBuyer(ctx, 3_001, KEMENKOP),
      await registerBuyer(ctx, 3_002, BAPPENAS),
    ];
    const roster = ['nip,name,agency,phone', `${nipFor(3_010)},Dewi Anggraini,Kemenkop UKM,081200003010`].join('\n');
    await ctx.http.post('/buyers/import').set(admin).set('content-type', 'text/csv').send(roster).expect(201);
    wave = await createWave(ctx, ref);
    await ctx.http
      .post(`/waves/${wave.id}/orders`)
      .set(bearer(buyers[0].token))
      .send({ droppingPointId: ref.points[0].id, fulfilment: 'pickup', items: [{ packId: packOf(wave, 5), quantity: 1 }] })
      .expect(201);
    officer = await createOfficer(ctx, ref, 'petugas.kuningan', [ref.points[0].id]);
    manager = await createStaff(ctx, ref, 'manajer.tanimulus', 'COOP_MANAGER', { cooperativeId: ref.cooperativeId });

    // A second wave to its end for the money: cash and a transfer at the desk, a 5 kg pack lost on the way.
    moneyWave = await createWave(ctx, ref, { closesInMs: 6_000 });
    const point = ref.points[0].id;
    for (const [buyer, size, method] of [
      [buyers[1], 10, 'CASH'],
      [buyers[2], 5, 'TRANSFER'],
    ] as const) {
      const placed = await ctx.http
        .post(`/waves/${moneyWave.id}/orders`)
        .set(bearer(buyer.token))
        .send({ droppingPointId: point, fulfilment: 'pickup', items: [{ packId: packOf(moneyWave, size), quantity: 1 }] })
        .expect(201);
      await ctx.http
        .post(`/orders/${placed.body.id}/payments`)
        .set(bearer(officer.token))
        .send({ method, amountRp: placed.body.totalRp, ...(method === 'TRANSFER' ? { reference: 'TRF-1' } : {}) })
        .expect(201);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(moneyWave.closesAt).getTime() + 1_050 - Date.now())));
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await ctx.http.get(`/waves/${moneyWave.id}/purchase-orders`).set(admin).expect(200)).body;
    moneyPo = po;
    await ctx.http.post(`/purchase-orders/${po.id}/confirm`).set(admin).send({}).expect(200);
    await ctx.http.post(`/purchase-orders/${po.id}/shipments`).set(admin).send({ droppingPointId: point }).expect(201);
    await ctx.http
      .post(`/dropping-points/${point}/receipts`)
      .set(bearer(officer.token))
      .send({ waveId: moneyWave.id, packs: [{ packId: packOf(moneyWave, 10), quantity: 1 }] })
      .expect(201);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('lists the civil servants by agency and registration, a page at a time', async () => {
    await asAdmin(browser, ctx.baseUrl, 'admin-steps-buyers', async (page) => {
      await page.getByRole('link', { name: 'Daftar ASN' }).click();
      await page.waitForURL(/\/admin\/pembeli$/);
      await expect(page.getByTestId('buyers-total').textContent()).resolves.toBe('4 pegawai');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByLabel('Instansi').selectOption({ label: KEMENKOP });
      await page.getByLabel('Status akun').selectOption({ label: 'Belum mendaftar' });
      await Promise.all([page.waitForURL(/instansi=/), page.getByRole('button', { name: 'Tampilkan' }).click()]);
      expect(await rowsOf(page, 'buyers')).toEqual([`Dewi Anggraini | ${nipFor(3_010)} | ${KEMENKOP} | 081200003010 | Belum mendaftar`]);

      await page.goto(`/admin/pembeli?instansi=${agencyIds[KEMENKOP]}&halaman=2`);
      await expect(page.getByTestId('buyers-total').textContent()).resolves.toBe('3 pegawai');
      expect(await rowsOf(page, 'buyers')).toEqual([]);
      await page.goto('/admin/pembeli?halaman=0');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('page');
    });
  });

  it("shows the wave's uptake per agency and who did not order", async () => {
    await asAdmin(browser, ctx.baseUrl, 'admin-steps-uptake', async (page) => {
      await page.goto(`/admin/laporan/${wave.id}`);
      await page.getByRole('link', { name: 'Serapan per instansi: siapa memesan, siapa belum' }).click();
      await page.waitForURL(/\/serapan$/);
      expect(await rowsOf(page, 'uptake-agencies')).toEqual([`${KEMENKOP} | 3 | 2 | 1 | 2 | 33,3 %`, `${BAPPENAS} | 1 | 1 | 0 | 1 | 0 %`]);
      expect(await rowsOf(page, 'uptake-buyers')).toEqual([
        `Dewi Anggraini | ${nipFor(3_010)} | ${KEMENKOP} | 081200003010 | Belum mendaftar`,
        `Pegawai 3001 | ${buyers[1].nip} | ${KEMENKOP} | 081200003001 | Sudah mendaftar`,
        `Pegawai 3002 | ${buyers[2].nip} | ${BAPPENAS} | 081200003002 | Sudah mendaftar`,
      ]);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByTestId('uptake-agencies').getByRole('link', { name: BAPPENAS }).click();
      await page.waitForURL(/instansi=/);
      expect(await rowsOf(page, 'uptake-buyers')).toEqual([
        `Pegawai 3002 | ${buyers[2].nip} | ${BAPPENAS} | 081200003002 | Sudah mendaftar`,
      ]);
      await page.goto(`/admin/laporan/${wave.id}/serapan?dipesan=ya`);
      expect(await rowsOf(page, 'uptake-buyers')).toEqual([
        `Pegawai 3000 | ${buyers[0].nip} | ${KEMENKOP} | 081200003000 | Sudah mendaftar`,
      ]);
    });
  });

  it("shows the wave's money: paid per method, refunds, cash per officer, courier fees, lost and surplus stock", async () => {
    await asAdmin(browser, ctx.baseUrl, 'admin-steps-money', async (page) => {
      await page.goto(`/admin/laporan/${moneyWave.id}`);
      const methods = page.getByTestId('report-methods');
      const lines = (await methods.locator('p.row').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim());
      expect(lines).toEqual(['Tunai Rp 110.000', 'Transfer Rp 55.000', 'QRIS Rp 0', 'Voucher Rp 0', 'Jumlah Rp 165.000']);
      await expect(methods.locator('p.hint').textContent()).resolves.toBe('Cocok dengan nilai pesanan yang dibayar (Rp 165.000).');
      await expect(page.getByTestId('report-refunds-paid').textContent()).resolves.toBe('Rp 0');
      await expect(page.getByTestId('report-courier-total').textContent()).resolves.toBe('Rp 0');
      expect(await rowsOf(page, 'custody-table')).toEqual(['petugas.kuningan | Rp 110.000 | Rp 55.000 | Rp 0 | Rp 0 | Rp 0 | Rp 110.000']);
      expect(await rowsOf(page, 'stock-table')).toEqual([
        `${moneyPo.number} · Koperasi Tani Mulus | ${ref.points[0].name} | 5 kg | Rp 55.000 | 0 kg | 0 kg | 0 kg | 0 kg | Rp 0`,
      ]);
      const total = (await page.getByTestId('stock-table').locator('tfoot tr').innerText()).replace(/\s+/g, ' ').trim();
      expect(total).toBe('Jumlah 5 kg Rp 55.000 0 kg 0 kg 0 kg 0 kg Rp 0');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });

  it("filters the accounts by role, changes an officer's points and resets a manager's password", async () => {
    await asAdmin(browser, ctx.baseUrl, 'admin-steps-accounts', async (page) => {
      await page.goto('/admin/akun');
      await page.getByLabel('Saring akun').selectOption({ label: 'Petugas titik kumpul' });
      await Promise.all([page.waitForURL(/peran=OFFICER/), page.getByRole('button', { name: 'Tampilkan' }).click()]);
      const officers = await rowsOf(page, 'accounts');
      expect(officers.map((row) => row.split(' | ').slice(0, 3).join(' | '))).toEqual([
        `petugas.kuningan | Petugas titik kumpul | ${ref.points[0].name}`,
        'sistem.qris nonaktif | Petugas titik kumpul | ',
        'sistem.voucher nonaktif | Petugas titik kumpul | ',
      ]);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByRole('link', { name: `Ubah titik kumpul ${officer.username}` }).click();
      await page.waitForURL(new RegExp(`/admin/akun/${officer.id}/titik$`));
      await expect(page.getByLabel(ref.points[0].name).isChecked()).resolves.toBe(true);
      await page.getByLabel(ref.points[0].name).uncheck();
      await page.getByRole('button', { name: 'Simpan titik' }).click();
      // No point ticked: refused, naming the field, on the same page.
      await expect(page.getByRole('alert').textContent()).resolves.toContain('droppingPointIds');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByLabel(ref.points[1].name).check();
      await Promise.all([page.waitForURL(/pesan=admin\.saved/), page.getByRole('button', { name: 'Simpan titik' }).click()]);
      await expect(
        page.getByTestId('accounts').locator('tbody tr', { hasText: officer.username }).locator('td').nth(2).textContent(),
      ).resolves.toBe(ref.points[1].name);
      expect((await ctx.http.get('/me/dropping-points').set(bearer(officer.token)).expect(200)).body.map((p: any) => p.id)).toEqual([
        ref.points[1].id,
      ]);

      await page.goto('/admin/akun');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the manager's token is from an earlier second
      await page.getByRole('button', { name: `Atur ulang kata sandi ${manager.username}` }).click();
      await expect(page.getByTestId('password-reset').textContent()).resolves.toContain(manager.username);
      const temporary = (await page.getByTestId('temporary-password').textContent())!;
      expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(new URL(page.url()).search).toBe('');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(manager.token)).expect(401);
      await ctx.http.post('/auth/login').send({ username: manager.username, password: temporary }).expect(200);
    });
  });
});
