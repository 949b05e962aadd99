import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WaveRemindersSweep } from '../src/notifications/wave-reminders.sweep';
import { OrderReleaseService } from '../src/orders/order-release.service';
import { CancelReason } from '../src/orders/order-status.enum';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { startInProcessWorker } from './delivery-support';
import { createOfficer, createStaff, pay, placeOrder } from './desk-fixtures';
import { eventually, MessagingSim, messagingEnv, notifications, SimMessage, startMessagingSim } from './notifications-support';
import { bearer, createWave, packOf, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

const WIB_TIME = /^\d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB$/;

describe('Notifications: announcements, timed reminders, shortfalls and amendments', () => {
  let sim: MessagingSim;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];

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
  /** The text the person read, once the worker recorded it. */
  const bodyOf = (orderId: string, kind: string) =>
    eventually(async () => {
      const [row] = await notifications(ctx.databaseUrl, `order_id = $1 AND kind = $2 AND status = 'sent'`, [orderId, kind]);
      return row?.body ?? undefined;
    });
  /** Runs the reminders sweep as if its last run had been `hoursAgo` hours ago. */
  const sweepSince = async (hoursAgo: number) => {
    await sql(ctx.databaseUrl, `UPDATE notification_sweeps SET watermark = now() - $1 * interval '1 hour' WHERE name = 'wave.reminders'`, [
      hoursAgo,
    ]);
    await ctx.apps[0].get(WaveRemindersSweep).sweep();
  };

  beforeAll(async () => {
    sim = await startMessagingSim();
    // The hand-out reminder at 00.00 WIB of the hand-out day: today's is due at any hour the test runs.
    ctx = await startTestContext(
      messagingEnv(sim.url, { NOTIFY_QUIET_HOURS: '0-0', COURIER_DRIVER: 'manual', NOTIFY_HAND_OUT_REMINDER_HOUR: '0' }),
    );
    worker = await startInProcessWorker(ctx);
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 3);
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[1].token)).send({ language: 'en' }).expect(200);
    await ctx.apps[0].get(WaveRemindersSweep).sweep();
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
    await sim?.stop();
  });

  it('announces a wave when it is published to open later, and an hour before it opens; reminders to close go to those who have not ordered', async () => {
    const later = await createWave(ctx, ref, { opensInMs: 30 * 60_000, closesInMs: 48 * 3_600_000 });
    const announced = await waitFor('gelombang_wave_announced', 3);
    expect(announced.map((m) => m.to).sort()).toEqual(['6281200000000', '6281200000001', '6281200000002']);
    const mine = announced.find((m) => m.to === '6281200000000')!;
    expect(mine).toMatchObject({ language: 'id' });
    expect(mine.parameters).toEqual([
      'Pegawai 0',
      'Gelombang I',
      expect.stringMatching(WIB_TIME),
      expect.stringMatching(WIB_TIME),
      `https://gelombang.example.go.id/waves/${later.id}`,
      expect.stringContaining(`/notifications/unsubscribe/${buyers[0].id}.`),
    ]);
    const [row] = await notifications(ctx.databaseUrl, `kind = 'wave_announced' AND recipient_key = $1`, [`buyer:${buyers[1].id}`]);
    await eventually(async () => ((await notifications(ctx.databaseUrl, 'id = $1', [row.id]))[0].body ? true : undefined));
    expect((await notifications(ctx.databaseUrl, 'id = $1', [row.id]))[0].body).toMatch(
      /^Hello Pegawai 1, Gelombang I opens \d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB until \d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB\. See https:\/\/gelombang\.example\.go\.id\/waves\/.+ Stop announcements: /,
    );

    // Two open waves: one closes in 3 hours (its 4-hour reminder is due), one in 10 (its 24-hour one).
    const soon = await createWave(ctx, ref, { closesInMs: 3 * 3_600_000 });
    const tomorrow = await createWave(ctx, ref, { closesInMs: 10 * 3_600_000 });
    await placeOrder(ctx, soon, buyers[0], ref.points[0].id, { 5: 1 });
    await placeOrder(ctx, tomorrow, buyers[1], ref.points[0].id, { 5: 1 });
    await sweepSince(15);
    const opening = await waitFor('gelombang_wave_opening_soon', 3);
    expect(opening.every((m) => m.parameters![3] === `https://gelombang.example.go.id/waves/${later.id}`)).toBe(true);
    expect(opening.find((m) => m.to === '6281200000000')).toMatchObject({
      language: 'id',
      parameters: [
        'Pegawai 0',
        'Gelombang I',
        expect.stringMatching(WIB_TIME),
        `https://gelombang.example.go.id/waves/${later.id}`,
        expect.stringContaining(`/notifications/unsubscribe/${buyers[0].id}.`),
      ],
    });
    expect(opening.find((m) => m.to === '6281200000001')!.language).toBe('en');
    const soonText = await eventually(async () => {
      const [r] = await notifications(ctx.databaseUrl, `kind = 'wave_opening_soon' AND recipient_key = $1 AND body IS NOT NULL`, [
        `buyer:${buyers[0].id}`,
      ]);
      return r?.body ?? undefined;
    });
    expect(soonText).toMatch(
      /^Halo Pegawai 0, Gelombang I dibuka satu jam lagi, \d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB\. Pesan di https:\/\/gelombang\.example\.go\.id\/waves\/.+ Berhenti menerima pengumuman: https:\/\/gelombang\.example\.go\.id\/notifications\/unsubscribe\//,
    );
    const fourHours = await waitFor('gelombang_wave_closing_4h', 2);
    expect(fourHours.map((m) => m.to).sort()).toEqual(['6281200000001', '6281200000002']);
    expect(fourHours[0].parameters).toEqual([
      expect.stringMatching(/^Pegawai [12]$/),
      'Gelombang I',
      expect.stringMatching(WIB_TIME),
      `https://gelombang.example.go.id/waves/${soon.id}`,
      expect.stringContaining('/notifications/unsubscribe/'),
    ]);
    const fourText = await eventually(async () => {
      const [r] = await notifications(ctx.databaseUrl, `kind = 'wave_closing_4h' AND recipient_key = $1 AND body IS NOT NULL`, [
        `buyer:${buyers[2].id}`,
      ]);
      return r?.body ?? undefined;
    });
    expect(fourText).toMatch(
      /^Halo Pegawai 2, Gelombang I ditutup 4 jam lagi, \d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB, dan Anda belum memesan\. Pesan di https:\/\/gelombang\.example\.go\.id\/waves\//,
    );
    const day = await waitFor('gelombang_wave_closing_24h', 2);
    expect(day.map((m) => m.to).sort()).toEqual(['6281200000000', '6281200000002']);
    expect(day.every((m) => m.parameters![3] === `https://gelombang.example.go.id/waves/${tomorrow.id}`)).toBe(true);
    const text = await eventually(async () => {
      const [r] = await notifications(ctx.databaseUrl, `kind = 'wave_closing_24h' AND recipient_key = $1 AND body IS NOT NULL`, [
        `buyer:${buyers[0].id}`,
      ]);
      return r?.body ?? undefined;
    });
    expect(text).toMatch(
      /^Halo Pegawai 0, Gelombang I ditutup dalam 24 jam, \d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB, dan Anda belum memesan\. Pesan di https:\/\/gelombang\.example\.go\.id\/waves\//,
    );

    // The same instants swept again: nothing new.
    await sweepSince(15);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await sent('gelombang_wave_opening_soon')).toHaveLength(3);
    expect(await sent('gelombang_wave_closing_4h')).toHaveLength(2);
    expect(await sent('gelombang_wave_closing_24h')).toHaveLength(2);
    expect(await sent('gelombang_wave_announced')).toHaveLength(3);
  });

  it('reminds an unpaid order of the payment deadline the day before, and a pickup order on the morning of the hand-out day', async () => {
    const wave = await createWave(ctx, ref, { closesInMs: 2 * 3_600_000 });
    const unpaid = await placeOrder(ctx, wave, buyers[2], ref.points[1].id, { 20: 1 });
    const officer = await createOfficer(ctx, ref, 'petugas-pengingat', [ref.points[0].id, ref.points[1].id]);
    const paid = await placeOrder(ctx, wave, buyers[0], ref.points[1].id, { 10: 1 });
    await pay(ctx, officer.token, paid);
    await sql(ctx.databaseUrl, `UPDATE waves SET payment_deadline = now() + interval '20 hours' WHERE id = $1`, [wave.id]);
    await sql(ctx.databaseUrl, `UPDATE waves SET hand_out_date = (now() AT TIME ZONE 'Asia/Jakarta')::date WHERE id = $1`, [wave.id]);
    await sweepSince(30);
    const due = await waitFor('gelombang_payment_due_tomorrow', 1);
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({
      to: '6281200000002',
      language: 'id',
      parameters: [
        'Pegawai 2',
        unpaid.pickupCode,
        'Rp 220.000',
        expect.stringMatching(WIB_TIME),
        `https://gelombang.example.go.id/orders/${unpaid.id}`,
      ],
    });
    const handOut = await waitFor('gelombang_hand_out_reminder', 2);
    expect(handOut.map((m) => m.parameters![1]).sort()).toEqual([paid.pickupCode, unpaid.pickupCode].sort());
    const mine = handOut.find((m) => m.to === '6281200000000')!;
    expect(mine.language).toBe('id');
    expect(mine.parameters).toEqual([
      'Pegawai 0',
      paid.pickupCode,
      'Lenteng Agung',
      expect.stringMatching(/^\d{2}-\d{2}-\d{4}$/),
      'jam kerja kantor',
      `https://gelombang.example.go.id/orders/${paid.id}`,
    ]);
    expect(await bodyOf(paid.id, 'hand_out_reminder')).toBe(
      `Halo Pegawai 0, hari ini ${mine.parameters![3]} pesanan ${paid.pickupCode} dapat diambil di Lenteng Agung (jam buka: jam kerja kantor). Bawa kode ambil ${paid.pickupCode} dan kartu pegawai. Lihat pesanan: https://gelombang.example.go.id/orders/${paid.id}`,
    );
    expect(await bodyOf(unpaid.id, 'payment_due_tomorrow')).toBe(
      `Halo Pegawai 2, pesanan ${unpaid.pickupCode} sebesar Rp 220.000 belum dibayar. Batas pembayaran ${due[0].parameters![3]}; setelah itu pesanan dibatalkan. Lihat pesanan: https://gelombang.example.go.id/orders/${unpaid.id}`,
    );
  });

  it('tells each buyer what a shortfall cut and the refund owed; the cooperative hears of amendments after its purchase order', async () => {
    await sql(ctx.databaseUrl, `UPDATE cooperatives SET phone = '0812-9999-0000' WHERE id = $1`, [ref.cooperativeId]);
    const manager = await createStaff(ctx, ref, 'pengurus-tani-mulus', 'COOP_MANAGER', { cooperativeId: ref.cooperativeId });
    const officer = await createOfficer(ctx, ref, 'petugas-kurang', [ref.points[0].id]);
    const wave = await createWave(ctx, ref, { closesInMs: 5_000 });
    const first = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 20: 1 });
    const second = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 5: 1, 10: 1 });
    await pay(ctx, officer.token, second);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(wave.closesAt).getTime() + 1_050 - Date.now())));
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(ref.adminToken)).expect(200)).body;
    await waitFor('gelombang_purchase_order_issued', 1, (m) => m.parameters![2] === po.number);

    await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(bearer(manager.token))
      .send({ shortfalls: [{ productId: ref.productId, kg: 5 }] })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const [cut] = await waitFor('gelombang_order_shortfall', 1);
    expect(cut).toMatchObject({
      to: '6281200000001',
      language: 'en',
      parameters: [
        'Pegawai 1',
        second.pickupCode,
        '1 x 5 kg Beras premium Indramayu',
        'Rp 110.000',
        'Rp 55.000',
        `https://gelombang.example.go.id/orders/${second.id}`,
      ],
    });
    expect(await sent('gelombang_order_shortfall')).toHaveLength(1);

    await ctx.apps[0]
      .get(DataSource)
      .transaction((manager) => ctx.apps[0].get(OrderReleaseService).cancel(manager, [first.id], CancelReason.Officer, false));
    const [amended] = await waitFor('gelombang_purchase_order_amended', 1);
    expect(amended).toMatchObject({
      to: '6281299990000',
      parameters: [
        'Koperasi Tani Mulus',
        po.number,
        'Gelombang I',
        '1',
        '20',
        'belum dibayar (dibatalkan petugas)',
        `https://gelombang.example.go.id/purchase-orders/${po.id}`,
      ],
    });
    // Never another person's data: the cooperative's note names no buyer.
    expect(amended.parameters!.join(' ')).not.toContain('Pegawai');
    const rows = await notifications(ctx.databaseUrl, `kind = 'order_shortfall'`);
    expect(rows.map((r) => r.recipient_key)).toEqual([`buyer:${buyers[1].id}`]);
  });

  it('order and payment messages cannot be turned off while an order is open: no channel left is refused with a field error', async () => {
    // buyers[2] has an unpaid order (above): turning WhatsApp and SMS off with no email would silence it.
    const refused = await ctx.http
      .put('/notifications/preferences')
      .set(bearer(buyers[2].token))
      .send({ whatsapp: false, sms: false })
      .expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.details.map((d: any) => d.field)).toEqual(['sms']);
    const unchanged = await ctx.http.get('/notifications/preferences').set(bearer(buyers[2].token)).expect(200);
    expect(unchanged.body).toMatchObject({ whatsapp: true, sms: true, email: null });
    // One channel left is enough; announcements alone may always be turned off.
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[2].token)).send({ whatsapp: false }).expect(200);
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[2].token)).send({ announcements: false }).expect(200);
    await ctx.http
      .put('/notifications/preferences')
      .set(bearer(buyers[2].token))
      .send({ sms: false })
      .expect(400)
      .expect((r) => expect(r.body.details.map((d: any) => d.field)).toEqual(['sms']));
    await ctx.http
      .put('/notifications/preferences')
      .set(bearer(buyers[2].token))
      .send({ sms: false, email: 'pegawai2@kemenkop.go.id' })
      .expect(200);
    // A buyer with no open order may go silent.
    const [quiet] = await registerBuyers(ctx, 1, 50);
    await ctx.http.put('/notifications/preferences').set(bearer(quiet.token)).send({ whatsapp: false, sms: false }).expect(200);
  });

  it("a failed delivery reaches the buyer and the point's officers (on their contact phone), never another point's", async () => {
    const wave = await createWave(ctx, ref, { closesInMs: 3_600_000 });
    const officer = await createOfficer(ctx, ref, 'petugas-antar', [ref.points[0].id]);
    const elsewhere = await createOfficer(ctx, ref, 'petugas-lain', [ref.points[1].id]);
    await ctx.http.put('/notifications/contact').set(bearer(officer.token)).send({ phone: '0812-5555-0001' }).expect(200);
    await ctx.http.put('/notifications/contact').set(bearer(elsewhere.token)).send({ phone: '0812-5555-0002' }).expect(200);
    const order = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 10: 1 }, 'Jl. Kuningan Barat No. 5, Jakarta Selatan');
    await pay(ctx, officer.token, order);
    await ctx.http
      .post(`/dropping-points/${ref.points[0].id}/receipts`)
      .set(bearer(officer.token))
      .send({ waveId: wave.id, packs: [{ packId: packOf(wave, 10), quantity: 5 }] })
      .expect(201);
    const [trip] = await sql<{ id: string }>(ctx.databaseUrl, 'SELECT id FROM delivery_trips WHERE order_id = $1', [order.id]);
    await ctx.http.post(`/deliveries/${trip.id}/booking`).set(bearer(officer.token)).send({ bookingId: 'GS-1', feeRp: 20_000 }).expect(201);
    await ctx.http
      .post(`/deliveries/${trip.id}/progress`)
      .set(bearer(officer.token))
      .send({ event: 'failed', reason: 'Motor mogok' })
      .expect(200);
    const [toOfficer] = await waitFor('gelombang_officer_trip_failed', 1);
    expect(toOfficer).toMatchObject({
      to: '6281255550001',
      language: 'id',
      parameters: [
        'Gedung Kementerian Koperasi dan UKM',
        order.pickupCode,
        'Motor mogok',
        `https://gelombang.example.go.id/petugas/titik/${ref.points[0].id}`,
      ],
    });
    await waitFor('gelombang_trip_failed', 1, (m) => m.to === '6281200000001');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await sent('gelombang_officer_trip_failed')).toHaveLength(1);
  });

  it('a reminder held back past its moment (quiet hours until after the wave closed) is skipped, not sent', async () => {
    const wave = await createWave(ctx, ref, { closesInMs: 3_600_000 });
    await sql(
      ctx.databaseUrl,
      `UPDATE waves SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 minute' WHERE id = $1`,
      [wave.id],
    );
    // What a 4-hour reminder queued at 22.00 WIB and held until 06.00 would look like when its job runs.
    const [row] = await sql<{ id: string }>(
      ctx.databaseUrl,
      `INSERT INTO notifications (event_key, kind, recipient_key, buyer_id, wave_id, channel, address, language, params)
       VALUES ($1, 'wave_closing_4h', $2, $3, $4, 'whatsapp', '6281200000000', 'id', $5) RETURNING id`,
      [
        `wave.closing_4h:${wave.id}`,
        `buyer:${buyers[0].id}`,
        buyers[0].id,
        wave.id,
        JSON.stringify({ name: 'Pegawai 0', waveName: 'Gelombang I', closesAt: new Date().toISOString() }),
      ],
    );
    await sql(ctx.databaseUrl, `SELECT pg_notify('notifications', '')`);
    const [done] = await eventually(async () => {
      const found = await notifications(ctx.databaseUrl, `id = $1 AND status = 'skipped'`, [row.id]);
      return found.length ? found : undefined;
    });
    expect(done).toMatchObject({ body: null, last_error: 'past its moment' });
    expect(await sent('gelombang_wave_closing_4h', (m) => m.parameters![3].endsWith(wave.id))).toEqual([]);
  });

  it('paid, goods arrived and handed over reach the buyer, each once, with the amount and the pickup code', async () => {
    const wave = await createWave(ctx, ref, { closesInMs: 3_600_000 });
    const officer = await createOfficer(ctx, ref, 'petugas-serah', [ref.points[1].id]);
    const order = await placeOrder(ctx, wave, buyers[0], ref.points[1].id, { 20: 1 });
    await pay(ctx, officer.token, order);
    const [paid] = await waitFor('gelombang_order_paid', 1, (m) => m.parameters![1] === order.pickupCode);
    expect(paid).toMatchObject({
      to: '6281200000000',
      language: 'id',
      parameters: ['Pegawai 0', order.pickupCode, 'Rp 220.000', `https://gelombang.example.go.id/orders/${order.id}`],
    });
    await ctx.http
      .post(`/dropping-points/${ref.points[1].id}/receipts`)
      .set(bearer(officer.token))
      .send({ waveId: wave.id, packs: [{ packId: packOf(wave, 20), quantity: 1 }] })
      .expect(201);
    const [arrived] = await waitFor('gelombang_goods_arrived', 1, (m) => m.parameters![1] === order.pickupCode);
    expect(arrived.parameters).toEqual([
      'Pegawai 0',
      order.pickupCode,
      'Lenteng Agung',
      expect.stringMatching(/^\d{2}-\d{2}-\d{4}$/),
      'jam kerja kantor',
      `https://gelombang.example.go.id/orders/${order.id}`,
    ]);
    await ctx.http
      .post(`/orders/${order.id}/handover`)
      .set(bearer(officer.token))
      .send({ pickupCode: order.pickupCode })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const [handed] = await waitFor('gelombang_order_handed_over', 1, (m) => m.parameters![1] === order.pickupCode);
    expect(handed.parameters).toEqual(['Pegawai 0', order.pickupCode]);
    const text = await eventually(async () => {
      const [row] = await notifications(ctx.databaseUrl, `order_id = $1 AND kind = 'order_handed_over' AND body IS NOT NULL`, [order.id]);
      return row?.body ?? undefined;
    });
    expect(text).toBe(`Halo Pegawai 0, pesanan ${order.pickupCode} sudah diserahkan. Terima kasih telah berbelanja di koperasi.`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const template of ['gelombang_order_paid', 'gelombang_goods_arrived', 'gelombang_order_handed_over']) {
      expect(await sent(template, (m) => m.parameters![1] === order.pickupCode)).toHaveLength(1);
    }
  });
});
