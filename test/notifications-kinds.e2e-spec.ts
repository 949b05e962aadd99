import type { INestApplicationContext } from '@nestjs/common';
import { PaymentDeadlineService } from '../src/desk/payment-deadline.service';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { FAST_DELIVERY_ENV, Simulator, startInProcessWorker, startSimulator, tripsOf } from './delivery-support';
import { createOfficer, createStaff, pay, placeOrder, PlacedOrder, Staff } from './desk-fixtures';
import {
  eventually,
  exposeWebhook,
  MessagingSim,
  messagingEnv,
  notifications,
  SimMessage,
  SmtpSink,
  startMessagingSim,
  startSmtp,
} from './notifications-support';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

const LINK = 'https://gelombang.example.go.id';
const HOURS = 'Senin-Jumat 08.00-16.00 WIB';
const HOME = 'Jl. Kebagusan Raya No. 7, Pasar Minggu, Jakarta Selatan';

/**
 * The event kinds the other notification files leave out, each from its real cause: the courier
 * (the courier simulator process, over its signed webhooks) booking, delivering and failing a trip;
 * an order cancelled for non-payment, by the payment-deadline sweep and by the officer at the desk.
 * Each reaches the buyer of that order on their channel (the messaging simulator process; email to
 * a real SMTP server), in Bahasa Indonesia or in the English they chose, once, and no message
 * carries another person's data.
 */
describe('Notifications: courier, non-payment, privacy and the whole fallback chain', () => {
  let sim: MessagingSim;
  let courier: Simulator;
  let smtp: SmtpSink;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let officer: Staff;
  let point: { id: string; name: string };
  let wave: any;

  const sent = (template: string, extra: (m: SimMessage) => boolean = () => true) =>
    sim.messages().then(({ messages }) => messages.filter((m) => m.template === template && extra(m)));
  const waitFor = (template: string, count: number, extra?: (m: SimMessage) => boolean) =>
    eventually(
      async () => {
        const found = await sent(template, extra);
        return found.length >= count ? found : undefined;
      },
      20_000,
      `${count} x ${template}`,
    );
  const forCode = (code: string) => (m: SimMessage) => m.parameters![1] === code;
  /** The text the person read, once the worker recorded it. */
  const bodyOf = (orderId: string, kind: string) =>
    eventually(async () => {
      const [row] = await notifications(ctx.databaseUrl, `order_id = $1 AND kind = $2 AND status = 'sent'`, [orderId, kind]);
      return row?.body ?? undefined;
    });
  /** Every fan-out done and every row settled (sent, failed, ...): no send in flight that a fault could land on. */
  const settled = () =>
    eventually(async () => {
      const [{ fanouts }] = await sql<{ fanouts: number }>(
        ctx.databaseUrl,
        'SELECT count(*)::int AS fanouts FROM notification_fanouts WHERE done_at IS NULL',
      );
      const busy = await notifications(ctx.databaseUrl, `status IN ('pending', 'sending')`);
      return fanouts === 0 && busy.length === 0 ? true : undefined;
    }, 30_000);

  beforeAll(async () => {
    sim = await startMessagingSim();
    courier = await startSimulator();
    smtp = await startSmtp();
    ctx = await startTestContext({
      ...FAST_DELIVERY_ENV,
      ...messagingEnv(sim.url, { NOTIFY_QUIET_HOURS: '0-0', EMAIL_DRIVER: 'smtp', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }),
      COURIER_DRIVER: 'http',
      COURIER_BASE_URL: courier.url,
    });
    const base = await exposeWebhook(ctx.apps[0], sim);
    await courier.control('POST', '/_sim/config', { webhookUrl: `${base}/courier/webhook` });
    worker = await startInProcessWorker(ctx);
    ref = await referenceCase(ctx);
    // A third point that says when it is open; the wave below serves it too.
    const created = await ctx.http
      .post('/dropping-points')
      .set(bearer(ref.adminToken))
      .send({
        name: 'Kantor Bappenas',
        address: 'Jl. Taman Suropati No. 2, Menteng, Jakarta Pusat',
        latitude: -6.1997,
        longitude: 106.8322,
        openingHours: HOURS,
      })
      .expect(201);
    point = { id: created.body.id, name: created.body.name };
    ref.points.push(point);
    buyers = await registerBuyers(ctx, 4);
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[1].token)).send({ language: 'en' }).expect(200);
    officer = await createOfficer(ctx, ref, 'petugas-bappenas', [point.id]);
    await ctx.http.put('/notifications/contact').set(bearer(officer.token)).send({ phone: '0812-5555-0001' }).expect(200);
    // A second officer of the point works in English.
    const colleague = await createOfficer(ctx, ref, 'petugas-bappenas-2', [point.id]);
    await ctx.http.put('/notifications/contact').set(bearer(colleague.token)).send({ phone: '0812-5555-0002', language: 'en' }).expect(200);
    wave = await createWave(ctx, ref);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
    await sim?.stop();
    await courier?.stop();
    await smtp?.close();
  });

  let home0: PlacedOrder;
  let home1: PlacedOrder;
  let pickup: PlacedOrder;

  it('courier booked: each home-delivery buyer gets the tracking link of their own trip, in their language; goods arrived goes to pickup orders only, with the opening hours', async () => {
    home0 = await placeOrder(ctx, wave, buyers[0], point.id, { 10: 1 }, HOME);
    home1 = await placeOrder(ctx, wave, buyers[1], point.id, { 5: 1 }, HOME);
    pickup = await placeOrder(ctx, wave, buyers[2], point.id, { 5: 1 });
    for (const order of [home0, home1, pickup]) await pay(ctx, officer.token, order);
    await ctx.http
      .post(`/dropping-points/${point.id}/receipts`)
      .set(bearer(officer.token))
      .send({ waveId: wave.id, packs: [5, 10, 20].map((size) => ({ packId: packOf(wave, size), quantity: 10 })) })
      .expect(201);

    const booked = await waitFor('gelombang_trip_booked', 2);
    const tracking = async (order: PlacedOrder) => {
      const [trip] = await tripsOf(ctx, order.id);
      const [booking] = await sql<{ tracking_url: string }>(
        ctx.databaseUrl,
        'SELECT tracking_url FROM courier_bookings WHERE trip_id = $1',
        [trip.id],
      );
      expect(booking.tracking_url).toMatch(new RegExp(`^${courier.url}/track/BK-`));
      return booking.tracking_url;
    };
    expect(booked.find(forCode(home0.pickupCode))).toMatchObject({
      channel: 'whatsapp',
      to: '6281200000000',
      language: 'id',
      parameters: ['Pegawai 0', home0.pickupCode, await tracking(home0)],
    });
    expect(booked.find(forCode(home1.pickupCode))).toMatchObject({
      to: '6281200000001',
      language: 'en',
      parameters: ['Pegawai 1', home1.pickupCode, await tracking(home1)],
    });
    expect(await bodyOf(home0.id, 'trip_booked')).toBe(
      `Halo Pegawai 0, kurir untuk pesanan ${home0.pickupCode} sudah dipesan. Lacak pengiriman: ${await tracking(home0)}`,
    );
    expect(await bodyOf(home1.id, 'trip_booked')).toBe(
      `Hello Pegawai 1, a courier is booked for order ${home1.pickupCode}. Track it: ${await tracking(home1)}`,
    );

    const [arrived] = await waitFor('gelombang_goods_arrived', 1, forCode(pickup.pickupCode));
    expect(arrived).toMatchObject({
      to: '6281200000002',
      language: 'id',
      parameters: [
        'Pegawai 2',
        pickup.pickupCode,
        'Kantor Bappenas',
        expect.stringMatching(/^\d{2}-\d{2}-\d{4}$/),
        HOURS,
        `${LINK}/orders/${pickup.id}`,
      ],
    });
    expect(await bodyOf(pickup.id, 'goods_arrived')).toBe(
      `Halo Pegawai 2, barang pesanan ${pickup.pickupCode} sudah tiba di Kantor Bappenas. Ambil pada ${arrived.parameters![3]}, jam buka: ${HOURS}; bawa kode ambil ${pickup.pickupCode} dan kartu pegawai. Lihat pesanan: ${LINK}/orders/${pickup.id}`,
    );
    // A home delivery is not told to come and collect.
    expect(await notifications(ctx.databaseUrl, `kind = 'goods_arrived' AND order_id = ANY ($1::uuid[])`, [[home0.id, home1.id]])).toEqual(
      [],
    );
  });

  it("delivered and failed reach the buyer of that trip; a failure reaches the point's officers too, each in their language; a replayed courier webhook sends nothing again", async () => {
    const [trip0] = await tripsOf(ctx, home0.id);
    const [trip1] = await tripsOf(ctx, home1.id);
    expect((await courier.control('POST', `/_sim/bookings/${trip0.external_id}/events`, { type: 'delivered' })).answers).toEqual([200]);
    expect(
      (await courier.control('POST', `/_sim/bookings/${trip1.external_id}/events`, { type: 'failed', reason: 'Penerima tidak di tempat' }))
        .answers,
    ).toEqual([200]);

    const [delivered] = await waitFor('gelombang_trip_delivered', 1);
    expect(delivered).toMatchObject({ to: '6281200000000', language: 'id', parameters: ['Pegawai 0', home0.pickupCode] });
    expect(await bodyOf(home0.id, 'trip_delivered')).toBe(`Halo Pegawai 0, pesanan ${home0.pickupCode} sudah diantar ke alamat Anda.`);

    const [failed] = await waitFor('gelombang_trip_failed', 1);
    expect(failed).toMatchObject({
      to: '6281200000001',
      language: 'en',
      parameters: ['Pegawai 1', home1.pickupCode, `${LINK}/orders/${home1.id}`],
    });
    expect(await bodyOf(home1.id, 'trip_failed')).toBe(
      `Hello Pegawai 1, the delivery of order ${home1.pickupCode} failed. The dropping-point officer will contact you. Your order: ${LINK}/orders/${home1.id}`,
    );
    const toOfficers = await waitFor('gelombang_officer_trip_failed', 2);
    const parameters = ['Kantor Bappenas', home1.pickupCode, 'Penerima tidak di tempat', `${LINK}/petugas/titik/${point.id}`];
    expect(toOfficers.find((m) => m.to === '6281255550001')).toMatchObject({ language: 'id', parameters });
    expect(toOfficers.find((m) => m.to === '6281255550002')).toMatchObject({ language: 'en', parameters });
    const officerTexts = await eventually(async () => {
      const rows = await notifications(ctx.databaseUrl, `kind = 'officer_trip_failed' AND status = 'sent'`);
      return rows.length === 2 ? new Map(rows.map((row) => [row.address, row.body])) : undefined;
    });
    expect(officerTexts.get('6281255550001')).toBe(
      `Petugas Kantor Bappenas: pengiriman pesanan ${home1.pickupCode} gagal (Penerima tidak di tempat). Hubungi pembeli dan atur ulang di ${LINK}/petugas/titik/${point.id}`,
    );
    expect(officerTexts.get('6281255550002')).toBe(
      `Officer of Kantor Bappenas: the delivery of order ${home1.pickupCode} failed (Penerima tidak di tempat). Contact the buyer and rearrange at ${LINK}/petugas/titik/${point.id}`,
    );

    const { webhooks } = await courier.control('GET', '/_sim/webhooks');
    for (const webhook of webhooks) expect((await courier.control('POST', `/_sim/webhooks/${webhook.eventId}/replay`)).status).toBe(409);
    await settled();
    expect(await sent('gelombang_trip_booked')).toHaveLength(2);
    expect(await sent('gelombang_trip_delivered')).toHaveLength(1);
    expect(await sent('gelombang_trip_failed')).toHaveLength(1);
    expect(await sent('gelombang_officer_trip_failed')).toHaveLength(2);
    const rows = await notifications(ctx.databaseUrl, `kind LIKE 'trip_%'`);
    expect(rows.map((row) => [row.kind, row.recipient_key, row.channel, row.status]).sort()).toEqual(
      [
        ['trip_booked', `buyer:${buyers[0].id}`, 'whatsapp', 'sent'],
        ['trip_booked', `buyer:${buyers[1].id}`, 'whatsapp', 'sent'],
        ['trip_delivered', `buyer:${buyers[0].id}`, 'whatsapp', 'sent'],
        ['trip_failed', `buyer:${buyers[1].id}`, 'whatsapp', 'sent'],
      ].sort(),
    );
  });

  it('cancelled for non-payment at the payment deadline, and by the officer at the desk: the buyer hears why, in their language; a paid order hears nothing', async () => {
    // The product has 5,000 kg in all; the first wave holds 3,000 of them.
    const late = await createWave(ctx, ref, { capacityKg: 1_000 });
    const unpaid0 = await placeOrder(ctx, late, buyers[0], point.id, { 5: 1 });
    const unpaid1 = await placeOrder(ctx, late, buyers[1], point.id, { 10: 1 });
    const paid = await placeOrder(ctx, late, buyers[2], point.id, { 5: 1 });
    await pay(ctx, officer.token, paid);
    await sql(ctx.databaseUrl, `UPDATE waves SET payment_deadline = now() - interval '1 second' WHERE id = $1`, [late.id]);
    await ctx.apps[0].get(PaymentDeadlineService).sweep();

    const cancelled = await waitFor('gelombang_order_cancelled', 2);
    expect(cancelled.find(forCode(unpaid0.pickupCode))).toMatchObject({
      to: '6281200000000',
      language: 'id',
      parameters: ['Pegawai 0', unpaid0.pickupCode, 'belum dibayar sampai batas waktu pembayaran', `${LINK}/orders/${unpaid0.id}`],
    });
    expect(cancelled.find(forCode(unpaid1.pickupCode))).toMatchObject({
      to: '6281200000001',
      language: 'en',
      parameters: ['Pegawai 1', unpaid1.pickupCode, 'not paid by the payment deadline', `${LINK}/orders/${unpaid1.id}`],
    });
    expect(await bodyOf(unpaid0.id, 'order_cancelled')).toBe(
      `Halo Pegawai 0, pesanan ${unpaid0.pickupCode} dibatalkan: belum dibayar sampai batas waktu pembayaran. Lihat pesanan: ${LINK}/orders/${unpaid0.id}`,
    );
    expect(await bodyOf(unpaid1.id, 'order_cancelled')).toBe(
      `Hello Pegawai 1, order ${unpaid1.pickupCode} was cancelled: not paid by the payment deadline. Your order: ${LINK}/orders/${unpaid1.id}`,
    );

    // The officer cancels a no-show who never paid.
    const noShow = await placeOrder(ctx, wave, buyers[3], point.id, { 5: 1 });
    await ctx.http.post(`/orders/${noShow.id}/no-show`).set(bearer(officer.token)).send({ note: 'Tidak datang, belum bayar' }).expect(200);
    const [byOfficer] = await waitFor('gelombang_order_cancelled', 1, forCode(noShow.pickupCode));
    expect(byOfficer).toMatchObject({
      to: '6281200000003',
      language: 'id',
      parameters: ['Pegawai 3', noShow.pickupCode, 'belum dibayar (dibatalkan petugas)', `${LINK}/orders/${noShow.id}`],
    });

    await settled();
    expect(await sent('gelombang_order_cancelled', forCode(paid.pickupCode))).toEqual([]);
    expect(await sent('gelombang_order_cancelled')).toHaveLength(3);
  });

  it("no message carries another person's data: a buyer's messages name only them and their own orders; staff messages name no buyer", async () => {
    await settled();
    const orders = await sql<{ buyer_id: string; pickup_code: string }>(ctx.databaseUrl, 'SELECT buyer_id, pickup_code FROM orders');
    const people = buyers.map((buyer, i) => ({
      key: `buyer:${buyer.id}`,
      marks: [
        new RegExp(`Pegawai ${i}(?!\\d)`),
        buyer.nip,
        `628120000000${i}`,
        ...orders.filter((o) => o.buyer_id === buyer.id).map((o) => o.pickup_code),
      ],
    }));
    const rows = await sql<{ recipient_key: string; kind: string; body: string; params: string }>(
      ctx.databaseUrl,
      `SELECT recipient_key, kind, body, params::text AS params FROM notifications WHERE body IS NOT NULL`,
    );
    expect(rows.length).toBeGreaterThan(15);
    const leaks: string[] = [];
    for (const row of rows) {
      const text = `${row.body} ${row.params}`;
      for (const person of people) {
        if (person.key === row.recipient_key) continue;
        // Staff need the pickup code of a failed delivery at their point, never who the buyer is.
        const marks = row.recipient_key.startsWith('buyer:') ? person.marks : person.marks.slice(0, 3);
        for (const mark of marks)
          if (typeof mark === 'string' ? text.includes(mark) : mark.test(text)) leaks.push(`${row.kind} to ${row.recipient_key}: ${mark}`);
      }
    }
    expect(leaks).toEqual([]);
    // The same holds for what reached the provider: each phone got its own name only.
    const { messages } = await sim.messages();
    for (const message of messages.filter((m) => m.to.startsWith('62812000000'))) {
      const own = Number(message.to.slice(-1));
      const names = (message.parameters ?? [message.text ?? '']).join(' ').match(/Pegawai \d+/g) ?? [];
      expect(names.every((name) => name === `Pegawai ${own}`)).toBe(true);
    }
  });

  it('a permanent failure on every channel in turn: WhatsApp (number without WhatsApp), then SMS (refused), then email where the person has one, the same Bahasa text', async () => {
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[3].token)).send({ email: 'pegawai3@kemenkop.go.id' }).expect(200);
    await settled();
    await sim.control('POST', '/_sim/config', { noWhatsApp: ['6281200000003'] });
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'invalid_number', channel: 'sms' }] });
    const order = await placeOrder(ctx, wave, buyers[3], point.id, { 20: 1 });
    const mail = await eventually(
      async () => smtp.received.find((m) => m.to[0] === 'pegawai3@kemenkop.go.id' && m.text.includes(order.pickupCode)),
      30_000,
      'the email at the end of the chain',
    );
    expect(mail.subject).toBe('Pesanan Anda diterima');
    expect(mail.text).toBe(
      `Halo Pegawai 3, pesanan Gelombang I Anda diterima. Kode ambil: ${order.pickupCode}. Total Rp 220.000, bayar paling lambat ${mail.text.match(/bayar paling lambat (.+ WIB)/)![1]}. Lihat pesanan: ${LINK}/orders/${order.id}`,
    );
    const rows = await eventually(async () => {
      const found = await notifications(ctx.databaseUrl, `order_id = $1`, [order.id]);
      return found.length === 3 && found[2].status === 'sent' ? found : undefined;
    });
    expect(rows.map((row) => [row.channel, row.address, row.status])).toEqual([
      ['whatsapp', '6281200000003', 'failed'],
      ['sms', '6281200000003', 'failed'],
      ['email', 'pegawai3@kemenkop.go.id', 'sent'],
    ]);
    expect(rows[1].last_error).toContain('422');
    expect(new Set(rows.map((row) => row.event_key)).size).toBe(1);
    expect(smtp.received.filter((m) => m.text.includes(order.pickupCode))).toHaveLength(1);

    // Without an email address the chain ends at the failed SMS: recorded as failed, nothing invented.
    await settled();
    await sim.control('POST', '/_sim/config', { noWhatsApp: ['6281200000002'] });
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'invalid_number', channel: 'sms' }] });
    const other = await placeOrder(ctx, wave, buyers[2], point.id, { 5: 1 });
    const ended = await eventually(
      async () => {
        const found = await notifications(ctx.databaseUrl, `order_id = $1`, [other.id]);
        return found.length === 2 && found[1].status === 'failed' ? found : undefined;
      },
      30_000,
      'the SMS to fail',
    );
    expect(ended.map((row) => [row.channel, row.status])).toEqual([
      ['whatsapp', 'failed'],
      ['sms', 'failed'],
    ]);
    await settled();
    expect(await notifications(ctx.databaseUrl, `order_id = $1 AND channel = 'email'`, [other.id])).toEqual([]);
  });

  it('announcements reach only the civil servants of the agencies the wave is open to', async () => {
    const [inside] = await registerBuyers(ctx, 1, 50, 'Kementerian Dalam Negeri');
    const only = await createWave(ctx, ref, { capacityKg: 500, agencies: ['Kementerian Dalam Negeri'] });
    const [opened] = await waitFor('gelombang_wave_opened', 1, (m) => m.parameters![3] === `${LINK}/waves/${only.id}`);
    expect(opened).toMatchObject({
      to: '6281200000050',
      language: 'id',
      parameters: [
        'Pegawai 50',
        'Gelombang I',
        expect.stringMatching(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB$/),
        `${LINK}/waves/${only.id}`,
        expect.stringContaining(`/notifications/unsubscribe/${inside.id}.`),
      ],
    });
    await settled();
    const rows = await notifications(ctx.databaseUrl, `kind = 'wave_opened' AND wave_id = $1`, [only.id]);
    expect(rows.map((row) => row.recipient_key)).toEqual([`buyer:${inside.id}`]);
    expect(await sent('gelombang_wave_opened', (m) => m.parameters![3] === `${LINK}/waves/${only.id}`)).toHaveLength(1);
  });

  it('a cooperative without a phone: its manager hears of the purchase order and of its amendments at their own contact, in their language; a shortfall reaches the cut buyer in Bahasa', async () => {
    const manager = await createStaff(ctx, ref, 'pengurus-tani-mulus', 'COOP_MANAGER', { cooperativeId: ref.cooperativeId });
    await ctx.http.put('/notifications/contact').set(bearer(manager.token)).send({ phone: '0812-7777-0000', language: 'en' }).expect(200);
    const closing = await createWave(ctx, ref, { closesInMs: 5_000, capacityKg: 400 });
    const unpaid = await placeOrder(ctx, closing, buyers[0], point.id, { 5: 1 });
    const kept = await placeOrder(ctx, closing, buyers[0], point.id, { 5: 1, 10: 1 });
    await pay(ctx, officer.token, kept);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(closing.closesAt).getTime() + 1_050 - Date.now())));
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await ctx.http.get(`/waves/${closing.id}/purchase-orders`).set(bearer(ref.adminToken)).expect(200)).body;
    const [issued] = await waitFor('gelombang_purchase_order_issued', 1, (m) => m.parameters![2] === po.number);
    expect(issued).toMatchObject({
      to: '6281277770000',
      language: 'en',
      parameters: ['Koperasi Tani Mulus', 'Gelombang I', po.number, `${LINK}/purchase-orders/${po.id}`],
    });

    await ctx.http.post(`/orders/${unpaid.id}/no-show`).set(bearer(officer.token)).send({}).expect(200);
    const [amended] = await waitFor('gelombang_purchase_order_amended', 1);
    expect(amended).toMatchObject({
      to: '6281277770000',
      language: 'en',
      parameters: [
        'Koperasi Tani Mulus',
        po.number,
        'Gelombang I',
        '1',
        '5',
        'not paid (cancelled by the officer)',
        `${LINK}/purchase-orders/${po.id}`,
      ],
    });
    const text = await eventually(async () => {
      const [row] = await notifications(ctx.databaseUrl, `kind = 'purchase_order_amended' AND status = 'sent'`);
      return row?.body ?? undefined;
    });
    expect(text).toBe(
      `Dear Koperasi Tani Mulus, purchase order ${po.number} (Gelombang I) changed: 1 order(s) cancelled (not paid (cancelled by the officer)), 5 kg less to deliver. See: ${LINK}/purchase-orders/${po.id}`,
    );

    // The manager confirms 5 kg fewer than ordered: the buyer whose order was cut hears what and the refund, in Bahasa.
    await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(bearer(manager.token))
      .send({ shortfalls: [{ productId: ref.productId, kg: 5 }] })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const [cut] = await waitFor('gelombang_order_shortfall', 1);
    expect(cut).toMatchObject({
      to: '6281200000000',
      language: 'id',
      parameters: [
        'Pegawai 0',
        kept.pickupCode,
        '1 x 5 kg Beras premium Indramayu',
        'Rp 110.000',
        'Rp 55.000',
        `${LINK}/orders/${kept.id}`,
      ],
    });
    expect(await bodyOf(kept.id, 'order_shortfall')).toBe(
      `Halo Pegawai 0, stok koperasi tidak mencukupi: pesanan ${kept.pickupCode} dikurangi 1 x 5 kg Beras premium Indramayu. Total sekarang Rp 110.000; dana yang dikembalikan Rp 55.000. Lihat pesanan: ${LINK}/orders/${kept.id}`,
    );
    const rows = await notifications(ctx.databaseUrl, `kind LIKE 'purchase_order_%'`);
    expect(rows.map((row) => [row.kind, row.recipient_key, row.channel])).toEqual([
      ['purchase_order_issued', `user:${manager.id}`, 'whatsapp'],
      ['purchase_order_amended', `user:${manager.id}`, 'whatsapp'],
    ]);
  });

  it('WhatsApp down (5xx) through every retry: the last attempt ends the row as failed and the SMS goes instead, once', async () => {
    await settled();
    await sim.control('POST', '/_sim/faults', { faults: [{ type: '5xx', channel: 'whatsapp', count: 4 }] });
    const order = await placeOrder(ctx, wave, buyers[0], point.id, { 5: 1 });
    const rows = await eventually(
      async () => {
        const found = await notifications(ctx.databaseUrl, `order_id = $1`, [order.id]);
        return found.length === 2 && found[1].status === 'sent' ? found : undefined;
      },
      30_000,
      'the SMS after the last attempt',
    );
    expect(rows.map((row) => [row.channel, row.status, row.attempts])).toEqual([
      ['whatsapp', 'failed', 4],
      ['sms', 'sent', 1],
    ]);
    expect(rows[0].last_error).toMatch(/^5\d\d from 127\.0\.0\.1:/);
    const { messages, sendCalls } = await sim.messages();
    expect(sendCalls[`gelombang-n-${rows[0].id}`]).toBe(4);
    expect(messages.filter((m) => m.idempotencyKey === `gelombang-n-${rows[0].id}`)).toEqual([]);
    const sms = messages.filter((m) => m.channel === 'sms' && m.text!.includes(order.pickupCode));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({
      to: '6281200000000',
      text: expect.stringMatching(/^Halo Pegawai 0, pesanan Gelombang I Anda diterima\./),
    });
  });
});
