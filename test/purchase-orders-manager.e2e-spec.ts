import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { bearer, createWave, login, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

/**
 * What the cooperative manager could not do before (issue 17): the purchase order and its PDF in
 * Bahasa Indonesia with English as a switch; the shortfall per dropping point; shipments with
 * packs per size, vehicle and driver, fewer packs than ordered; the goods receipts at the points
 * and the transport losses; and the invoice of what the programme owes the cooperative.
 *
 * Six civil servants order premium rice at Rp 11.000/kg, alternating between the two points:
 * the ministry building gets 3 x (2 x 20 kg + 1 x 10 kg) = 150 kg, Lenteng Agung
 * 3 x (1 x 20 kg + 2 x 5 kg) = 90 kg; 240 kg, Rp 2.640.000. The cooperative is 40 kg short: the
 * latest order (Lenteng Agung, 30 kg) goes, the one before loses a 10 kg pack at the ministry.
 */

const KEMENKOP = 'Gedung Kementerian Koperasi dan UKM';
const LENTENG = 'Lenteng Agung';

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

async function createUser(ctx: TestContext, adminToken: string, username: string, body: Record<string, unknown>): Promise<string> {
  const password = `${username}-password`;
  await ctx.http
    .post('/users')
    .set(bearer(adminToken))
    .send({ username, password, ...body })
    .expect(201);
  return login(ctx, username, password);
}

function binary(path: string, ctx: TestContext, headers: Record<string, string>) {
  return ctx.http
    .get(path)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

describe('Purchase orders for the cooperative manager (issue 17)', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;
  let wave: any;
  let managerToken: string;
  let otherManagerToken: string;
  let buyers: TestBuyer[];
  let po: any;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
    managerToken = await createUser(ctx, ref.adminToken, 'pengurus-tani-mulus', { role: 'COOP_MANAGER', cooperativeId: ref.cooperativeId });
    const other = await ctx.http
      .post('/cooperatives')
      .set(bearer(ref.adminToken))
      .send({ name: 'Koperasi Gula Rakyat', region: 'Kabupaten Cirebon' })
      .expect(201);
    otherManagerToken = await createUser(ctx, ref.adminToken, 'pengurus-gula-rakyat', {
      role: 'COOP_MANAGER',
      cooperativeId: other.body.id,
    });
    buyers = await registerBuyers(ctx, 6, 300);
    wave = await createWave(ctx, ref, { capacityKg: 1_000, perBuyerLimitKg: 100, closesInMs: 5_000 });
    for (const [i, buyer] of buyers.entries()) {
      const packs: Record<number, number> = i % 2 === 0 ? { 20: 2, 10: 1 } : { 20: 1, 5: 2 };
      await ctx.http
        .post(`/waves/${wave.id}/orders`)
        .set(bearer(buyer.token))
        .send({
          droppingPointId: ref.points[i % 2].id,
          fulfilment: 'pickup',
          items: Object.entries(packs).map(([size, quantity]) => ({ packId: packOf(wave, Number(size)), quantity })),
        })
        .expect(201);
    }
    await sleepUntil(new Date(wave.closesAt).getTime() + 1_050);
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const list = await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(managerToken)).expect(200);
    po = list.body[0];
    await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(bearer(managerToken))
      .send({ shortfalls: [{ productId: ref.productId, kg: 40 }] })
      .expect(200);
  }, 60_000);

  afterAll(() => ctx.close());

  it('shows the shortfall per dropping point: what each point gets less of', async () => {
    const response = await ctx.http.get(`/purchase-orders/${po.id}`).set(bearer(managerToken)).expect(200);
    expect(response.body.shortfalls).toEqual([
      expect.objectContaining({ requestedKg: 40, cutKg: 40, ordersCancelled: 1, ordersReduced: 1 }),
    ]);
    expect(response.body.shortfallPerPoint).toEqual([
      {
        droppingPointId: ref.points[0].id,
        name: KEMENKOP,
        cutKg: 10,
        shortShippedKg: 0,
        kg: 10,
        tonnes: 0.01,
        valueRp: 110_000,
        lines: [expect.objectContaining({ productId: ref.productId, sizeKg: 10, cutPacks: 1, shortShippedPacks: 0, packs: 1, kg: 10 })],
      },
      {
        droppingPointId: ref.points[1].id,
        name: LENTENG,
        cutKg: 30,
        shortShippedKg: 0,
        kg: 30,
        tonnes: 0.03,
        valueRp: 330_000,
        lines: [
          expect.objectContaining({ sizeKg: 5, cutPacks: 2, packs: 2, kg: 10, valueRp: 110_000 }),
          expect.objectContaining({ sizeKg: 20, cutPacks: 1, packs: 1, kg: 20, valueRp: 220_000 }),
        ],
      },
    ]);
    expect(response.body.toDeliver.droppingPoints.map((point: any) => [point.name, point.kg])).toEqual([
      [KEMENKOP, 140],
      [LENTENG, 60],
    ]);
  });

  it('says nothing has arrived and nothing is owed before the goods are shipped', async () => {
    const before = await ctx.http.get(`/purchase-orders/${po.id}/invoice`).set(bearer(managerToken)).expect(200);
    expect(before.body).toMatchObject({
      purchaseOrderNumber: po.number,
      number: po.number.replace(/^PO-/, 'INV-'),
      status: 'awaiting_goods',
      amountDueRp: 0,
      totals: { orderedRp: 2_640_000, shortfallRp: 440_000, cancelledRp: 0, notYetReceivedRp: 2_200_000, amountRp: 0 },
    });
    const po0 = await ctx.http.get(`/purchase-orders/${po.id}`).set(bearer(managerToken)).expect(200);
    expect(po0.body.deliveries.map((d: any) => [d.name, d.status, d.receipts.length])).toEqual([
      [KEMENKOP, 'not_shipped', 0],
      [LENTENG, 'not_shipped', 0],
    ]);
  });

  it('ships with packs per size, vehicle and driver; fewer packs than ordered are the shipment shortfall', async () => {
    const auth = bearer(managerToken);
    const tooMany = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({ droppingPointId: ref.points[0].id, packs: [{ productId: ref.productId, sizeKg: 20, packs: 7 }] })
      .expect(400);
    expect(tooMany.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(tooMany.body.details[0].field).toBe('packs.0.packs');
    const notDue = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({ droppingPointId: ref.points[0].id, packs: [{ productId: ref.productId, sizeKg: 5, packs: 1 }] })
      .expect(400);
    expect(notDue.body.details[0].field).toBe('packs.0');
    const badVehicle = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({ droppingPointId: ref.points[0].id, vehicle: 'x'.repeat(101) })
      .expect(400);
    expect(badVehicle.body.code).toBe('VALIDATION_FAILED');

    const first = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({
        droppingPointId: ref.points[0].id,
        packs: [{ productId: ref.productId, sizeKg: 20, packs: 5 }],
        vehicle: 'B 9123 KX (truk engkel)',
        driver: 'Pak Darsono',
      })
      .expect(201);
    expect(first.body).toMatchObject({
      status: 'shipped',
      shippedKg: 120,
      vehicle: 'B 9123 KX (truk engkel)',
      driver: 'Pak Darsono',
      shortfall: { packs: 1, kg: 20, lines: [{ productId: ref.productId, sizeKg: 20, packs: 1, kg: 20 }] },
    });
    expect(first.body.manifest.map((line: any) => [line.sizeKg, line.duePacks, line.packs])).toEqual([
      [10, 2, 2],
      [20, 6, 5],
    ]);
    // The API as it was: only the point, everything due is loaded.
    const second = await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(auth)
      .send({ droppingPointId: ref.points[1].id })
      .expect(201);
    expect(second.body).toMatchObject({ shippedKg: 60, vehicle: null, driver: null, shortfall: { packs: 0, kg: 0, lines: [] } });

    const shown = await ctx.http.get(`/purchase-orders/${po.id}`).set(auth).expect(200);
    expect(shown.body.shipments.map((s: any) => [s.name, s.vehicle, s.driver, s.shippedKg, s.shortfall.kg])).toEqual([
      [KEMENKOP, 'B 9123 KX (truk engkel)', 'Pak Darsono', 120, 20],
      [LENTENG, null, null, 60, 0],
    ]);
    expect(shown.body.shortfallPerPoint.map((p: any) => [p.name, p.cutKg, p.shortShippedKg, p.kg, p.valueRp])).toEqual([
      [KEMENKOP, 10, 20, 30, 330_000],
      [LENTENG, 30, 0, 30, 330_000],
    ]);
  });

  it('shows the goods receipts at the points, with transport losses and surplus', async () => {
    const admin = bearer(ref.adminToken);
    await ctx.http
      .post(`/dropping-points/${ref.points[0].id}/receipts`)
      .set(admin)
      .send({
        waveId: wave.id,
        packs: [
          { packId: packOf(wave, 20), quantity: 4 },
          { packId: packOf(wave, 10), quantity: 2 },
        ],
        note: 'Satu karung 20 kg sobek di jalan',
      })
      .expect(201);
    await ctx.http
      .post(`/dropping-points/${ref.points[1].id}/receipts`)
      .set(admin)
      .send({
        waveId: wave.id,
        packs: [
          { packId: packOf(wave, 20), quantity: 2 },
          { packId: packOf(wave, 5), quantity: 6 },
        ],
      })
      .expect(201);
    const response = await ctx.http.get(`/purchase-orders/${po.id}`).set(bearer(managerToken)).expect(200);
    const [kemenkop, lenteng] = response.body.deliveries;
    expect(kemenkop).toMatchObject({ name: KEMENKOP, status: 'received', shippedKg: 120, receivedKg: 100, lostKg: 20, surplusKg: 0 });
    expect(kemenkop.receipts).toEqual([
      expect.objectContaining({
        receivedBy: 'admin',
        note: 'Satu karung 20 kg sobek di jalan',
        packs: [expect.objectContaining({ sizeKg: 10, packs: 2, kg: 20 }), expect.objectContaining({ sizeKg: 20, packs: 4, kg: 80 })],
      }),
    ]);
    expect(kemenkop.lines.map((l: any) => [l.sizeKg, l.shippedPacks, l.receivedPacks, l.lostPacks, l.surplusPacks])).toEqual([
      [10, 2, 2, 0, 0],
      [20, 5, 4, 1, 0],
    ]);
    expect(lenteng).toMatchObject({
      name: LENTENG,
      status: 'received',
      shippedKg: 60,
      receivedKg: 70,
      lostKg: 0,
      surplusKg: 10,
      surplusOpenKg: 10,
    });
  });

  it("invoices what was received at the wave's prices, minus what was short", async () => {
    const response = await ctx.http.get(`/purchase-orders/${po.id}/invoice`).set(bearer(managerToken)).expect(200);
    const invoice = response.body;
    expect(invoice).toMatchObject({
      status: 'final',
      amountDueRp: 1_760_000,
      totals: {
        orderedRp: 2_640_000,
        shortfallRp: 440_000,
        cancelledRp: 0,
        shortShippedRp: 220_000,
        transportLossRp: 220_000,
        notYetReceivedRp: 0,
        billedKg: 160,
        billedTonnes: 0.16,
        amountRp: 1_760_000,
      },
    });
    const t = invoice.totals;
    expect(t.shortfallRp + t.cancelledRp + t.shortShippedRp + t.transportLossRp + t.notYetReceivedRp + t.amountRp).toBe(t.orderedRp);
    expect(
      invoice.lines.map((l: any) => [
        l.sizeKg,
        l.priceRp,
        l.orderedPacks,
        l.shortfallPacks,
        l.shortShippedPacks,
        l.transportLossPacks,
        l.billedPacks,
        l.amountRp,
      ]),
    ).toEqual([
      [5, 55_000, 6, 2, 0, 0, 4, 220_000],
      [10, 110_000, 3, 1, 0, 0, 2, 220_000],
      [20, 220_000, 9, 1, 1, 1, 6, 1_320_000],
    ]);
    expect(invoice.droppingPoints.map((p: any) => [p.name, p.amountRp, p.transportLossRp])).toEqual([
      [KEMENKOP, 1_100_000, 220_000],
      [LENTENG, 660_000, 0],
    ]);
    await ctx.http.get(`/purchase-orders/${po.id}/invoice`).set(bearer(ref.adminToken)).expect(200);
    const other = await ctx.http.get(`/purchase-orders/${po.id}/invoice`).set(bearer(otherManagerToken)).expect(403);
    expect(other.body.code).toBe('FORBIDDEN');
    await ctx.http.get(`/purchase-orders/${po.id}/invoice`).set(bearer(buyers[0].token)).expect(403);
    const missing = await ctx.http
      .get('/purchase-orders/00000000-0000-4000-8000-000000000000/invoice')
      .set(bearer(ref.adminToken))
      .expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('takes a surplus back to the cooperative or settles it (the administrator), and invoices what was settled', async () => {
    const path = `/purchase-orders/${po.id}/surplus`;
    const body = (outcome: string, packs: number, sizeKg = 5) => ({
      droppingPointId: ref.points[1].id,
      outcome,
      packs: [{ productId: ref.productId, sizeKg, packs }],
    });
    const managerSettles = await ctx.http.post(path).set(bearer(managerToken)).send(body('settled', 1)).expect(403);
    expect(managerSettles.body.code).toBe('FORBIDDEN');
    const tooMany = await ctx.http.post(path).set(bearer(managerToken)).send(body('returned', 3)).expect(400);
    expect(tooMany.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(tooMany.body.details[0].field).toBe('packs.0.packs');
    const none = await ctx.http
      .post(path)
      .set(bearer(managerToken))
      .send(body('returned', 1, 10))
      .expect(400);
    expect(none.body.details[0].field).toBe('packs.0');
    await ctx.http.post(path).set(bearer(otherManagerToken)).send(body('returned', 1)).expect(403);

    const returned = await ctx.http.post(path).set(bearer(managerToken)).send(body('returned', 1)).expect(201);
    expect(returned.body).toMatchObject({ name: LENTENG, surplusKg: 10, surplusReturnedKg: 5, surplusSettledKg: 0, surplusOpenKg: 5 });
    const settled = await ctx.http.post(path).set(bearer(ref.adminToken)).send(body('settled', 1)).expect(201);
    expect(settled.body).toMatchObject({ surplusReturnedKg: 5, surplusSettledKg: 5, surplusOpenKg: 0 });
    await ctx.http.post(path).set(bearer(ref.adminToken)).send(body('settled', 1)).expect(400);

    const invoice = (await ctx.http.get(`/purchase-orders/${po.id}/invoice`).set(bearer(managerToken)).expect(200)).body;
    expect(invoice).toMatchObject({ amountDueRp: 1_815_000, totals: { surplusSettledRp: 55_000, billedKg: 165, amountRp: 1_815_000 } });
  });

  it("writes the PDF in Bahasa Indonesia, in English on ?lang=en, Accept-Language or the pages' language cookie", async () => {
    const auth = bearer(managerToken);
    const indonesian = await binary(`/purchase-orders/${po.id}.pdf`, ctx, auth).expect(200);
    expect(indonesian.headers['content-language']).toBe('id');
    const id = pdfText(indonesian.body);
    for (const expected of [
      'SURAT PESANAN',
      `No. ${po.number}`,
      'Kepada Yth.:',
      'Pengurus Koperasi Tani Mulus',
      'Total dipesan: 240 kg (0,24 ton), nilai Rp 2.640.000',
      '6 pesanan dari 6 pegawai, 2 titik kumpul.',
      'Kekurangan per titik kumpul',
      'Kurang kirim',
      'Pengiriman per titik kumpul',
      'B 9123 KX (truk engkel)',
      'Pak Darsono',
      'Pengelola program',
    ]) {
      expect(id).toContain(expected);
    }
    expect(id).not.toContain('Total ordered');

    const switches: Record<string, string>[] = [{}, { 'Accept-Language': 'en-GB,en;q=0.9' }, { Cookie: 'gelombang_lang=en' }];
    for (const headers of switches) {
      const path = Object.keys(headers).length === 0 ? `/purchase-orders/${po.id}.pdf?lang=en` : `/purchase-orders/${po.id}.pdf`;
      const english = await binary(path, ctx, { ...auth, ...headers }).expect(200);
      expect(english.headers['content-language']).toBe('en');
      const en = pdfText(english.body);
      for (const expected of [
        'PURCHASE ORDER (SURAT PESANAN)',
        'Total ordered: 240 kg (0,24 ton), value Rp 2.640.000',
        'Shortfall per dropping point',
        'Short shipped',
        'Shipments per dropping point',
      ]) {
        expect(en).toContain(expected);
      }
    }
    const indonesianAgain = await binary(`/purchase-orders/${po.id}.pdf?lang=id`, ctx, { ...auth, 'Accept-Language': 'en' }).expect(200);
    expect(pdfText(indonesianAgain.body)).toContain('Total dipesan');
  });

  it('puts the shortfall per point and the packs shipped in the CSV', async () => {
    const response = await ctx.http.get(`/purchase-orders/${po.id}.csv`).set(bearer(managerToken)).expect(200);
    const lines = response.text.trim().split('\n');
    expect(lines[0]).toMatch(/,packs_shortfall_cut,packs_shipped,packs_shipped_short,kg_short$/);
    const rice = 'Beras premium Indramayu';
    const head = `${po.number},Gelombang I,Koperasi Tani Mulus`;
    expect(lines.slice(1)).toEqual([
      `${head},${KEMENKOP},${rice},5,55000,0,0,0,0,0,0,0,0,0,0`,
      `${head},${KEMENKOP},${rice},10,110000,3,30,330000,2,20,220000,1,2,0,10`,
      `${head},${KEMENKOP},${rice},20,220000,6,120,1320000,6,120,1320000,0,5,1,20`,
      `${head},${LENTENG},${rice},5,55000,6,30,330000,4,20,220000,2,4,0,10`,
      `${head},${LENTENG},${rice},10,110000,0,0,0,0,0,0,0,0,0,0`,
      `${head},${LENTENG},${rice},20,220000,3,60,660000,2,40,440000,1,2,0,20`,
      `${head},TOTAL,,,,18,240,2640000,14,200,2200000,4,13,1,60`,
    ]);
  });
});

/** The text drawn on a PDF's pages (pdfkit, uncompressed: TJ arrays of hex strings in WinAnsi). */
function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    lines.push([...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1], 'hex').toString('latin1')).join(''));
  }
  return lines.join('\n');
}
