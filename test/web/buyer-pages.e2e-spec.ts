import { bearer, createWave, nipFor, packOf, ReferenceCase, referenceCase, registerBuyer } from '../support/fixtures';
import { sql, startTestContext, TestContext } from '../support/test-app';
import { cookiesOf, csrfOf, pageLogin } from './support/forms';

/** The buyer's pages at the HTML level: forms, refusals and the double submit without a browser. */
describe('buyer pages (HTML)', () => {
  let ctx: TestContext;
  let ref: ReferenceCase;

  beforeAll(async () => {
    ctx = await startTestContext();
    ref = await referenceCase(ctx);
  });
  afterAll(() => ctx.close());

  async function buyerSession(i: number): Promise<{ cookie: string; id: string; nip: string }> {
    const buyer = await registerBuyer(ctx, i);
    return { cookie: await pageLogin(ctx, buyer.nip, `password-${i}`), id: buyer.id, nip: buyer.nip };
  }

  async function orderForm(cookie: string, waveId: string) {
    const page = await ctx.http.get(`/gelombang/${waveId}`).set('cookie', cookie).expect(200);
    const key = /name="kunci" value="([^"]+)"/.exec(page.text)![1];
    return { page, csrf: csrfOf(page.text), key };
  }

  function post(cookie: string, waveId: string, fields: Record<string, string>) {
    return ctx.http.post(`/gelombang/${waveId}`).set('cookie', cookie).type('form').send(fields);
  }

  it('explains in Bahasa what is wrong with a NIP at registration, keeping what was typed', async () => {
    const form = await ctx.http.get('/daftar').expect(200);
    const cookie = cookiesOf(form);
    const base = {
      _csrf: csrfOf(form.text),
      name: 'Siti Rahmawati',
      agency: 'Kementerian Koperasi dan UKM',
      phone: '081234567890',
      password: 'rahasia-siti',
    };
    const cases: [string, string][] = [
      ['19850312201001100', 'NIP harus tepat 18 angka.'],
      ['198513122010011001', 'Angka 1–8 NIP harus tanggal lahir yang benar'],
      ['198503122010131001', 'Angka 9–14 NIP harus bulan pengangkatan yang benar'],
      ['198503122010013001', 'Angka ke-15 NIP (jenis kelamin) harus 1 atau 2.'],
    ];
    for (const [nip, message] of cases) {
      const page = await ctx.http
        .post('/daftar')
        .set('cookie', cookie)
        .type('form')
        .send({ ...base, nip })
        .expect(422);
      expect(page.text).toContain(message);
      expect(page.text).toContain(`value="${nip}"`);
      expect(page.text).toContain('role="alert"');
    }
  });

  it('registers with a valid NIP and lands on the waves, logged in', async () => {
    const form = await ctx.http.get('/daftar');
    const cookie = cookiesOf(form);
    const posted = await ctx.http
      .post('/daftar')
      .set('cookie', cookie)
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        nip: '198503122010011001',
        name: 'Siti Rahmawati',
        agency: 'Kementerian Koperasi dan UKM',
        phone: '081234567890',
        password: 'rahasia-siti',
      })
      .expect(303)
      .expect('location', '/gelombang');
    const waves = await ctx.http.get('/gelombang').set('cookie', cookiesOf(posted, cookie)).expect(200);
    expect(waves.text).toContain('Gelombang pemesanan');
  });

  it("lists open waves of the agency and upcoming ones with their opening time; not other agencies' waves", async () => {
    const open = await createWave(ctx, ref);
    const upcoming = await createWave(ctx, ref, { opensInMs: 3 * 3_600_000, closesInMs: 6 * 3_600_000 });
    const other = await createWave(ctx, ref, { agencies: ['Badan Perencanaan Pembangunan Nasional'] });
    const { cookie } = await buyerSession(10);
    const page = await ctx.http.get('/gelombang').set('cookie', cookie).expect(200);
    expect(page.text).toContain(`<a href="/gelombang/${open.id}">Gelombang I</a>`);
    expect(page.text).toContain(`<a href="/gelombang/${upcoming.id}">`);
    expect(page.text).toMatch(/Dibuka (Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WIB/);
    expect(page.text).not.toContain(other.id);
    await ctx.http.get(`/gelombang/${other.id}`).set('cookie', cookie).expect(404);
  });

  it('shows the wave page with the contract labels, prices, points and what is left', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 1_200 });
    const { cookie } = await buyerSession(11);
    const { page } = await orderForm(cookie, wave.id);
    for (const size of [5, 10, 20]) expect(page.text).toContain(`>Jumlah ${size} kg</label>`);
    expect(page.text).toContain('>Titik ambil</label>');
    expect(page.text).toContain('Ambil di titik');
    expect(page.text).toContain('Antar ke rumah');
    expect(page.text).toContain('>Alamat</label>');
    expect(page.text).toContain('Pesan sekarang');
    expect(page.text).toContain('Sisa 1,2 ton');
    expect(page.text).toContain('Rp 110.000');
    expect(page.text).toContain('Jl. Raya Lenteng Agung, Jagakarsa, Jakarta Selatan');
    expect(page.text).toContain('https://www.openstreetmap.org/?mlat=-6.3302&amp;mlon=106.8346');
    const sisa = await ctx.http.get(`/gelombang/${wave.id}/sisa`).set('cookie', cookie).expect(200);
    expect(sisa.body.products).toEqual([{ id: wave.products[0].id, remainingKg: 1200, text: '1,2 ton' }]);
  });

  it('places an order from the form and shows it; two quick POSTs with one key make one order', async () => {
    const wave = await createWave(ctx, ref);
    const { cookie, id } = await buyerSession(12);
    const { csrf, key } = await orderForm(cookie, wave.id);
    const fields = { _csrf: csrf, kunci: key, [`jumlah_${packOf(wave, 10)}`]: '2', titik: ref.points[1].id, cara: 'pickup' };
    const [first, second] = await Promise.all([post(cookie, wave.id, fields), post(cookie, wave.id, fields)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const orderId = /^\/pesanan\/([0-9a-f-]{36})/.exec(first.headers.location)![1];
    expect(second.headers.location).toMatch(new RegExp(`^/pesanan/${orderId}`));
    const third = await post(cookie, wave.id, fields).expect(303);
    expect(third.headers.location).toBe(`/pesanan/${orderId}`);
    const rows = await sql<{ n: string }>(ctx.databaseUrl, 'SELECT count(*) AS n FROM orders WHERE buyer_id = $1', [id]);
    expect(Number(rows[0].n)).toBe(1);
    const page = await ctx.http.get(`/pesanan/${orderId}`).set('cookie', cookie).expect(200);
    expect(page.text).toMatch(/data-testid="pickup-code">[A-Z0-9-]{4,12}</);
    expect(page.text).toContain('Rp 220.000');
    expect(page.text).toContain('alt="Kode QR pengambilan"');
    const list = await ctx.http.get('/pesanan').set('cookie', cookie).expect(200);
    expect(list.text).toContain(`/pesanan/${orderId}`);
  });

  it('refuses over the buyer limit on the same page, saying the limit and what was already ordered, form kept', async () => {
    const wave = await createWave(ctx, ref, { perBuyerLimitKg: 40 });
    const { cookie } = await buyerSession(13);
    let form = await orderForm(cookie, wave.id);
    await post(cookie, wave.id, {
      _csrf: form.csrf,
      kunci: form.key,
      [`jumlah_${packOf(wave, 10)}`]: '3',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(303);
    form = await orderForm(cookie, wave.id);
    const refused = await post(cookie, wave.id, {
      _csrf: form.csrf,
      kunci: form.key,
      [`jumlah_${packOf(wave, 20)}`]: '1',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(409);
    expect(refused.text).toMatch(
      /role="alert"[^>]*>Melebihi batas per pembeli untuk Beras premium Indramayu: 40 kg per orang, dan Anda sudah memesan 30 kg\./,
    );
    expect(refused.text).toMatch(new RegExp(`name="jumlah_${packOf(wave, 20)}"[^>]*value="1"`));
  });

  it('refuses more than is left saying how much is left, and a sold-out wave as sold out', async () => {
    const wave = await createWave(ctx, ref, { capacityKg: 30, perBuyerLimitKg: 30 });
    const a = await buyerSession(14);
    const b = await buyerSession(15);
    let form = await orderForm(a.cookie, wave.id);
    await post(a.cookie, wave.id, {
      _csrf: form.csrf,
      kunci: form.key,
      [`jumlah_${packOf(wave, 20)}`]: '1',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(303);
    form = await orderForm(b.cookie, wave.id);
    const tooMuch = await post(b.cookie, wave.id, {
      _csrf: form.csrf,
      kunci: form.key,
      [`jumlah_${packOf(wave, 20)}`]: '1',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(409);
    expect(tooMuch.text).toContain('Stok tidak cukup untuk jumlah ini. Sisa: Beras premium Indramayu: 10 kg.');
    await post(b.cookie, wave.id, {
      _csrf: form.csrf,
      kunci: form.key,
      [`jumlah_${packOf(wave, 10)}`]: '1',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(303);
    const c = await buyerSession(16);
    const soldOut = await post(c.cookie, wave.id, {
      _csrf:
        (await orderForm(c.cookie, wave.id).catch(() => ({ csrf: '' }))).csrf ||
        csrfOf((await ctx.http.get(`/gelombang/${wave.id}`).set('cookie', c.cookie)).text),
      kunci: 'k-sold-out',
      [`jumlah_${packOf(wave, 5)}`]: '1',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(409);
    expect(soldOut.text).toMatch(/role="alert"[^>]*>Maaf, stok gelombang ini sudah habis\./);
  });

  it('refuses a wave that is not open yet, and one that has closed', async () => {
    const later = await createWave(ctx, ref, { opensInMs: 3_600_000, closesInMs: 7_200_000 });
    const { cookie } = await buyerSession(17);
    const page = await ctx.http.get(`/gelombang/${later.id}`).set('cookie', cookie).expect(200);
    expect(page.text).toContain('data-countdown');
    const notYet = await post(cookie, later.id, {
      _csrf: csrfOf(page.text),
      kunci: 'k-not-yet',
      [`jumlah_${packOf(later, 5)}`]: '1',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(409);
    expect(notYet.text).toMatch(/role="alert"[^>]*>Gelombang ini belum dibuka\. Dibuka /);
    // Long enough to open its form on a loaded machine; then wait until it has closed (the API shows
    // closesAt to the second, so a second and a half past it).
    const closing = await createWave(ctx, ref, { closesInMs: 5_000 });
    const form = await orderForm(cookie, closing.id);
    await new Promise((resolve) => setTimeout(resolve, new Date(closing.closesAt).getTime() + 1_500 - Date.now()));
    const closed = await post(cookie, closing.id, {
      _csrf: form.csrf,
      kunci: form.key,
      [`jumlah_${packOf(closing, 5)}`]: '1',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(409);
    expect(closed.text).toMatch(/role="alert"[^>]*>Gelombang ini sudah ditutup\./);
  });

  it('asks for an address for home delivery, then places it with the map pin', async () => {
    const wave = await createWave(ctx, ref);
    const { cookie } = await buyerSession(18);
    const form = await orderForm(cookie, wave.id);
    const fields = {
      _csrf: form.csrf,
      kunci: form.key,
      [`jumlah_${packOf(wave, 5)}`]: '1',
      titik: ref.points[1].id,
      cara: 'delivery',
      alamat: '',
    };
    const missing = await post(cookie, wave.id, fields).expect(422);
    expect(missing.text).toContain('Untuk antar ke rumah, tulis alamat lengkap');
    const placed = await post(cookie, wave.id, {
      ...fields,
      alamat: 'Jl. Lenteng Agung Raya No. 10, Jagakarsa',
      lat: '-6.3302',
      lng: '106.8346',
    }).expect(303);
    const orderId = /^\/pesanan\/([0-9a-f-]{36})/.exec(placed.headers.location)![1];
    const rows = await sql<{ fulfilment: string; delivery_latitude: string }>(
      ctx.databaseUrl,
      'SELECT fulfilment, delivery_latitude FROM orders WHERE id = $1',
      [orderId],
    );
    expect(rows[0]).toEqual({ fulfilment: 'delivery', delivery_latitude: '-6.330200' });
  });

  it('cancels an order while the wave is open', async () => {
    const wave = await createWave(ctx, ref);
    const { cookie } = await buyerSession(19);
    const form = await orderForm(cookie, wave.id);
    const placed = await post(cookie, wave.id, {
      _csrf: form.csrf,
      kunci: form.key,
      [`jumlah_${packOf(wave, 5)}`]: '1',
      titik: ref.points[0].id,
      cara: 'pickup',
    }).expect(303);
    const orderPath = placed.headers.location.split('?')[0];
    const page = await ctx.http.get(orderPath).set('cookie', cookie).expect(200);
    expect(page.text).toContain('Batalkan pesanan');
    await ctx.http
      .post(`${orderPath}/batal`)
      .set('cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303)
      .expect('location', orderPath);
    const after = await ctx.http.get(orderPath).set('cookie', cookie).expect(200);
    expect(after.text).toContain('Anda membatalkan pesanan ini.');
    expect(after.text).not.toContain('Batalkan pesanan');
  });

  it('sends a signed-out visitor of a buyer page to the login form and back after logging in', async () => {
    const wave = await createWave(ctx, ref);
    const target = `/gelombang/${wave.id}`;
    await ctx.http
      .get(target)
      .expect(303)
      .expect('location', `/masuk?kembali=${encodeURIComponent(target)}`);
    const buyer = await registerBuyer(ctx, 20);
    const form = await ctx.http.get(`/masuk?kembali=${encodeURIComponent(target)}`);
    await ctx.http
      .post('/masuk')
      .set('cookie', cookiesOf(form))
      .type('form')
      .send({ _csrf: csrfOf(form.text), username: buyer.nip, password: 'password-20', kembali: target })
      .expect(303)
      .expect('location', target);
    await ctx.http.get('/gelombang').set(bearer(buyer.token)).expect(200);
    expect(nipFor(20)).toBe(buyer.nip);
  });
});
