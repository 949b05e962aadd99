import { WaveLifecycleService } from '../../src/waves/wave-lifecycle.service';
import { createOfficer, pay, placeOrder, PlacedOrder, Staff } from '../desk-fixtures';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers } from '../support/fixtures';
import { ADMIN, startTestContext, TestContext } from '../support/test-app';
import { pageLogin } from './support/forms';

/**
 * The administrator's wave report after the wave (HTML and PDF): paid against unpaid, handed over
 * against delivered against no-show, refunds owed and the cash each officer holds, over orders
 * that went every way at one point.
 */
describe('Administrator wave report: payments, hand-over, refunds owed, cash custody, PDF', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let officer: Staff;
  let wave: { id: string; closesAt: string };
  let cookie: string;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    const admin = bearer(ref.adminToken);
    const point = ref.points[0].id;
    officer = await createOfficer(ctx, ref, 'petugas.kuningan', [point]);
    const buyers = await registerBuyers(ctx, 4, 7_000);
    wave = await createWave(ctx, ref, { closesInMs: 6_000 });

    // A pays cash and will collect; C never pays and is a no-show; D has not paid; B pays cash last
    // and is cut whole by the cooperative's shortfall, so B's money is owed back.
    const a: PlacedOrder = await placeOrder(ctx, wave, buyers[0], point, { 20: 1 });
    const c = await placeOrder(ctx, wave, buyers[2], point, { 5: 1 });
    await placeOrder(ctx, wave, buyers[3], point, { 10: 1 });
    const b = await placeOrder(ctx, wave, buyers[1], point, { 5: 2 });
    await pay(ctx, officer.token, a);
    await pay(ctx, officer.token, b);
    await ctx.http.post(`/orders/${c.id}/no-show`).set(bearer(officer.token)).send({ note: 'Tidak datang' }).expect(200);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(wave.closesAt).getTime() + 1_050 - Date.now())));
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(admin).expect(200)).body;
    await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(admin)
      .send({ shortfalls: [{ productId: ref.productId, kg: 10 }] })
      .expect(200);
    const packOf20 = (await ctx.http.get(`/waves/${wave.id}`).set(admin).expect(200)).body.products[0].packs.find(
      (pack: { sizeKg: number }) => pack.sizeKg === 20,
    ).id;
    await ctx.http
      .post(`/dropping-points/${point}/receipts`)
      .set(bearer(officer.token))
      .send({ waveId: wave.id, packs: [{ packId: packOf20, quantity: 1 }] })
      .expect(201);
    await ctx.http.post(`/orders/${a.id}/handover`).set(bearer(officer.token)).send({ pickupCode: a.pickupCode }).expect(200);
    await ctx.http
      .post(`/waves/${wave.id}/cash-handovers`)
      .set(bearer(officer.token))
      .send({ amountRp: 100_000, recipient: 'TREASURER', recipientName: 'Bendahara program' })
      .expect(201);
    cookie = await pageLogin(ctx, ADMIN.username, ADMIN.password);
  }, 90_000);

  afterAll(() => ctx?.close());

  const text = (html: string, testId: string) => {
    const match = new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html);
    if (!match) throw new Error(`no ${testId} on the page`);
    return match[1].replace(/&nbsp;|\u00a0/g, ' ');
  };

  it('shows paid against unpaid, hand-over against no-show, refunds owed and the cash per officer', async () => {
    const page = await ctx.http.get(`/admin/laporan/${wave.id}`).set('cookie', cookie).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    const html = page.text;
    expect(text(html, 'report-paid')).toBe('1 pesanan · Rp 220.000');
    expect(text(html, 'report-unpaid')).toBe('1 pesanan · Rp 110.000');
    expect(text(html, 'report-handed-over')).toBe('1');
    expect(text(html, 'report-delivered-home')).toBe('0');
    expect(text(html, 'report-no-show')).toBe('1');
    expect(text(html, 'report-refunds-total')).toBe('Rp 110.000');
    expect(html).toContain('Sudah dibayar lalu dibatalkan atau dipotong');
    // Cash custody per officer: 330.000 collected in cash, 100.000 handed over, 230.000 still held.
    const custody = /data-testid="custody-table"[\s\S]*?<\/table>/.exec(html)![0];
    const row = /<tr><th scope="row">petugas\.kuningan<\/th>([\s\S]*?)<\/tr>/.exec(custody)![1];
    expect([...row.matchAll(/<td class="num">(?:<strong>)?([^<]*)/g)].map((m) => m[1])).toEqual([
      'Rp 330.000',
      'Rp 0',
      'Rp 0',
      'Rp 100.000',
      // refunds paid back in cash out of the custody
      'Rp 0',
      'Rp 230.000',
    ]);
    expect(html).toContain('Pembayaran cocok dengan pesanan yang dibayar.');
    expect(html).toContain(`href="/admin/laporan/${wave.id}.pdf"`);
  });

  it('exports the wave report as a PDF in the reader’s language', async () => {
    const download = (lang: string) =>
      ctx.http
        .get(`/admin/laporan/${wave.id}.pdf`)
        .set('cookie', `${cookie}; gelombang_lang=${lang}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
    const bahasa = await download('id');
    expect(bahasa.headers['content-type']).toBe('application/pdf');
    const pdf: Buffer = bahasa.body;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const lines = pdfText(pdf);
    for (const expected of [
      'Laporan Gelombang I',
      'Sudah dibayar',
      '1 pesanan · Rp 220.000',
      'Tidak diambil',
      'Pengembalian dana terutang',
      '1 pesanan · Rp 110.000',
      'Uang tunai per petugas',
      'petugas.kuningan',
      'Rp 330.000',
      'Rp 230.000',
      'Per titik kumpul',
      'Gedung Kementerian Koperasi dan UKM',
    ]) {
      expect(lines).toContain(expected);
    }
    const english = pdfText((await download('en')).body);
    for (const expected of ['Report Gelombang I', 'Paid', 'No-show', 'Refunds owed', 'Cash custody per officer', 'Cash still held']) {
      expect(english).toContain(expected);
    }
  });

  it('is for administrators only', async () => {
    const officerCookie = await pageLogin(ctx, officer.username, `${officer.username}-password`);
    await ctx.http.get(`/admin/laporan/${wave.id}.pdf`).set('cookie', officerCookie).expect(403);
    const anonymous = await ctx.http.get(`/admin/laporan/${wave.id}.pdf`).set('accept', 'text/html').expect(303);
    expect(anonymous.headers.location).toMatch(/^\/masuk/);
  });
});

/** The text lines drawn on a PDF's pages: pdfkit (uncompressed) writes each as a TJ array of WinAnsi hex strings. */
function pdfText(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    lines.push([...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1], 'hex').toString('latin1')).join(''));
  }
  return lines;
}
