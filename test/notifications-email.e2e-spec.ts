import type { INestApplicationContext } from '@nestjs/common';
import { startInProcessWorker } from './delivery-support';
import { QUEUES } from '../src/queues/queue-names';
import { QueueRegistry } from '../src/queues/queue-registry';
import { WaveLifecycleService } from '../src/waves/wave-lifecycle.service';
import { createOfficer, createStaff, placeOrder as place } from './desk-fixtures';
import { eventually, MessagingSim, messagingEnv, notifications, SmtpSink, startMessagingSim, startSmtp } from './notifications-support';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

describe('Email by SMTP (nodemailer) to a real SMTP server', () => {
  let smtp: SmtpSink;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let wave: any;

  beforeAll(async () => {
    smtp = await startSmtp();
    // No WhatsApp and no SMS configured: email is the person's only channel.
    ctx = await startTestContext(
      messagingEnv('http://127.0.0.1:9', {
        WHATSAPP_DRIVER: 'off',
        SMS_DRIVER: 'off',
        EMAIL_DRIVER: 'smtp',
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NOTIFY_QUIET_HOURS: '0-0',
      }),
    );
    worker = await startInProcessWorker(ctx);
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 3);
    await ctx.http
      .put('/notifications/preferences')
      .set(bearer(buyers[0].token))
      .send({ email: 'pegawai0@kemenkop.go.id', whatsapp: false, sms: false })
      .expect(200);
    await ctx.http
      .put('/notifications/preferences')
      .set(bearer(buyers[1].token))
      .send({ email: 'sibuk@kemenkop.go.id', language: 'en' })
      .expect(200);
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[2].token)).send({ email: 'tidak-ada@kemenkop.go.id' }).expect(200);
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[2].token)).send({ email: 'bukan email' }).expect(400);
    wave = await createWave(ctx, ref, { publish: true });
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
    await smtp?.close();
  });

  it('sends the wave announcement and the order message by email in Bahasa Indonesia', async () => {
    const order = await place(ctx, wave, buyers[0], ref.points[0].id, { 20: 1 });
    const mail = await eventually(
      async () => smtp.received.find((m) => m.to[0] === 'pegawai0@kemenkop.go.id' && m.subject === 'Pesanan Anda diterima'),
      20_000,
      'the order email',
    );
    expect(mail.text).toBe(
      `Halo Pegawai 0, pesanan Gelombang I Anda diterima. Kode ambil: ${order.pickupCode}. Total Rp 220.000, bayar paling lambat ${mail.text.match(/bayar paling lambat (.+ WIB)/)![1]}. Lihat pesanan: https://gelombang.example.go.id/orders/${order.id}`,
    );
    const [row] = await notifications(ctx.databaseUrl, `order_id = $1`, [order.id]);
    expect(row).toMatchObject({
      channel: 'email',
      address: 'pegawai0@kemenkop.go.id',
      status: 'sent',
      provider_message_id: mail.messageId,
    });
    // The announcement's fan-out and the order's sweep race each other: wait for the three announcements.
    const announcements = await eventually(
      async () => {
        const found = smtp.received.filter((m) => m.subject === 'Gelombang pemesanan dibuka' || m.subject === 'An ordering wave is open');
        return found.length === 3 ? found : undefined;
      },
      20_000,
      'the announcements',
    );
    const announcement = announcements.find((m) => m.to[0] === 'pegawai0@kemenkop.go.id');
    expect(announcement?.text).toContain('Halo Pegawai 0, Gelombang I sudah dibuka untuk pemesanan');
  });

  it('retries a 452 (mailbox busy) and delivers once; a 550 ends the message as failed', async () => {
    smtp.scripted.set('sibuk@kemenkop.go.id', [452]);
    smtp.scripted.set('tidak-ada@kemenkop.go.id', [550, 550, 550, 550, 550, 550]);
    const busy = await place(ctx, wave, buyers[1], ref.points[0].id, { 5: 1 });
    const missing = await place(ctx, wave, buyers[2], ref.points[0].id, { 5: 1 });
    const mail = await eventually(
      async () => smtp.received.find((m) => m.to[0] === 'sibuk@kemenkop.go.id' && m.subject === 'Your order is placed'),
      20_000,
      'the retried email',
    );
    expect(mail.text).toContain(`Pickup code: ${busy.pickupCode}. Total Rp 55.000`);
    const [sent] = await notifications(ctx.databaseUrl, `order_id = $1`, [busy.id]);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    const failed = await eventually(
      async () => {
        const rows = await notifications(ctx.databaseUrl, `order_id = $1 AND status = 'failed'`, [missing.id]);
        return rows.length ? rows : undefined;
      },
      20_000,
      'the 550 to end the message',
    );
    expect(failed).toEqual([expect.objectContaining({ channel: 'email', attempts: 1, last_error: expect.stringContaining('550') })]);
    expect(smtp.received.filter((m) => m.to[0] === 'tidak-ada@kemenkop.go.id' && m.subject === 'Pesanan Anda diterima')).toEqual([]);
    expect(smtp.received.filter((m) => m.to[0] === 'sibuk@kemenkop.go.id' && m.subject === 'Your order is placed')).toHaveLength(1);
  });
});

describe('Every channel at once: the purchase order by email with its PDF and CSV, SMS falling back to email, quiet hours', () => {
  let sim: MessagingSim;
  let smtp: SmtpSink;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let wave: any;
  let manager: { token: string };
  let officer: { token: string };

  beforeAll(async () => {
    sim = await startMessagingSim();
    smtp = await startSmtp();
    // Quiet hours from this hour (WIB) for two hours: now is quiet.
    const wibHour = (new Date().getUTCHours() + 7) % 24;
    ctx = await startTestContext(
      messagingEnv(sim.url, {
        EMAIL_DRIVER: 'smtp',
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NOTIFY_QUIET_HOURS: `${wibHour}-${(wibHour + 2) % 24}`,
      }),
    );
    worker = await startInProcessWorker(ctx);
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 2);
    await ctx.http
      .put('/notifications/preferences')
      .set(bearer(buyers[0].token))
      .send({ email: 'pegawai0@kemenkop.go.id', whatsapp: false })
      .expect(200);
    manager = await createStaff(ctx, ref, 'pengurus-tani-mulus', 'COOP_MANAGER', { cooperativeId: ref.cooperativeId });
    const contact = await ctx.http
      .put('/notifications/contact')
      .set(bearer(manager.token))
      .send({ email: 'pengurus@tanimulus.coop.id', phone: '0812-7777-0000' })
      .expect(200);
    expect(contact.body).toEqual({ phone: '6281277770000', email: 'pengurus@tanimulus.coop.id', language: 'id' });
    await ctx.http.put('/notifications/contact').set(bearer(manager.token)).send({ phone: '12345' }).expect(400);
    officer = await createOfficer(ctx, ref, 'petugas-kuningan', [ref.points[0].id]);
    await ctx.http.put('/notifications/contact').set(bearer(officer.token)).send({ phone: '+62 812-6666-0000' }).expect(200);
    wave = await createWave(ctx, ref, { closesInMs: 8_000 });
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
    await sim?.stop();
    await smtp?.close();
  });

  it('in quiet hours the announcement waits for the morning while an order message goes at once', async () => {
    const order = await place(ctx, wave, buyers[1], ref.points[0].id, { 10: 1 });
    await eventually(
      async () =>
        (await sim.messages()).messages.find((m) => m.template === 'gelombang_order_placed' && m.parameters![2] === order.pickupCode),
      20_000,
      'the order message',
    );
    // The fan-out writes its rows after the commit that opened the wave: wait for both.
    const waiting = await eventually(async () => {
      const rows = await sql<{ status: string; later: boolean }>(
        ctx.databaseUrl,
        `SELECT status, not_before > now() + interval '30 minutes' AS later FROM notifications WHERE kind = 'wave_opened'`,
      );
      return rows.length === 2 ? rows : undefined;
    });
    expect(waiting.every((row) => row.status === 'pending' && row.later)).toBe(true);
    expect((await sim.messages()).messages.filter((m) => m.template === 'gelombang_wave_opened')).toEqual([]);
    expect(smtp.received.filter((m) => m.subject === 'Gelombang pemesanan dibuka')).toEqual([]);
  });

  it('in the morning the held announcements go out, once each; those still in quiet hours keep waiting', async () => {
    const morning = await createWave(ctx, ref, { capacityKg: 1_000 });
    const held = await eventually(async () => {
      const rows = await notifications(ctx.databaseUrl, `kind = 'wave_opened' AND wave_id = $1 AND status = 'pending'`, [morning.id]);
      return rows.length === 2 ? rows : undefined;
    });
    // The clock reaches the end of the quiet hours for this wave's rows: their time has come, and
    // BullMQ's delayed jobs fall due (promoted, as the delay running out would).
    await sql(ctx.databaseUrl, `UPDATE notifications SET not_before = now() WHERE wave_id = $1 AND kind = 'wave_opened'`, [morning.id]);
    await ctx.apps[0].get(QueueRegistry).queue(QUEUES.notifications).promoteJobs();
    const sent = await eventually(async () => {
      const rows = await notifications(ctx.databaseUrl, `id = ANY ($1::bigint[]) AND status = 'sent'`, [held.map((row) => row.id)]);
      return rows.length === 2 ? rows : undefined;
    });
    expect(sent.map((row) => [row.recipient_key, row.channel]).sort()).toEqual(
      [
        [`buyer:${buyers[0].id}`, 'sms'],
        [`buyer:${buyers[1].id}`, 'whatsapp'],
      ].sort(),
    );
    const { messages } = await sim.messages();
    const toWave = messages.filter((m) => (m.parameters ?? [m.text ?? '']).join(' ').includes(`/waves/${morning.id}`));
    expect(toWave.map((m) => [m.channel, m.to]).sort()).toEqual(
      [
        ['sms', '6281200000000'],
        ['whatsapp', '6281200000001'],
      ].sort(),
    );
    expect(toWave.find((m) => m.channel === 'sms')!.text).toMatch(
      new RegExp(
        `^Halo Pegawai 0, Gelombang I sudah dibuka untuk pemesanan sampai \\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2} WIB\\. Pesan di https://gelombang\\.example\\.go\\.id/waves/${morning.id}\\. `,
      ),
    );
    // The first wave's announcements are still in their quiet hours: promoted too, they wait again.
    const stillHeld = await sql<{ status: string; later: boolean }>(
      ctx.databaseUrl,
      `SELECT status, not_before > now() + interval '30 minutes' AS later FROM notifications WHERE kind = 'wave_opened' AND wave_id = $1`,
      [wave.id],
    );
    expect(stillHeld).toEqual([
      { status: 'pending', later: true },
      { status: 'pending', later: true },
    ]);
  });

  it('an SMS refused for good (422) falls back to email where the person has one', async () => {
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'invalid_number', channel: 'sms' }] });
    const order = await place(ctx, wave, buyers[0], ref.points[0].id, { 20: 1 });
    const mail = await eventually(
      async () => smtp.received.find((m) => m.to[0] === 'pegawai0@kemenkop.go.id' && m.subject === 'Pesanan Anda diterima'),
      20_000,
      'the fallback email',
    );
    expect(mail.text).toContain(`Kode ambil: ${order.pickupCode}. Total Rp 220.000`);
    const rows = await eventually(async () => {
      const found = await notifications(ctx.databaseUrl, `order_id = $1`, [order.id]);
      return found.length === 2 && found[1].status === 'sent' ? found : undefined;
    });
    expect(rows.map((row) => [row.channel, row.status])).toEqual([
      ['sms', 'failed'],
      ['email', 'sent'],
    ]);
    expect(rows[0].last_error).toContain('422');
  });

  it('sends the purchase order to the manager by email with the PDF and the CSV attached, plus a WhatsApp note; the officer hears the goods are on the way', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(wave.closesAt).getTime() + 1_050 - Date.now())));
    await ctx.apps[0].get(WaveLifecycleService).sweep();
    const [po] = (await ctx.http.get(`/waves/${wave.id}/purchase-orders`).set(bearer(ref.adminToken)).expect(200)).body;
    const mail = await eventually(
      async () => smtp.received.find((m) => m.to[0] === 'pengurus@tanimulus.coop.id'),
      20_000,
      'the purchase order email',
    );
    expect(mail.subject).toBe('Surat pesanan baru');
    expect(mail.text).toBe(
      `Yth. Koperasi Tani Mulus, surat pesanan ${po.number} untuk Gelombang I sudah terbit. Unduh: https://gelombang.example.go.id/purchase-orders/${po.id}`,
    );
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${po.number}.pdf`, 'application/pdf'],
      [`${po.number}.csv`, 'text/csv'],
    ]);
    expect(mail.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = mail.attachments[1].content.toString('utf8');
    expect(csv).toContain(po.number);
    expect(csv).toContain('Gedung Kementerian Koperasi dan UKM');
    expect(csv).not.toContain('Pegawai');
    const note = await eventually(
      async () => (await sim.messages()).messages.find((m) => m.template === 'gelombang_purchase_order_issued'),
      20_000,
      'the WhatsApp note',
    );
    expect(note).toMatchObject({
      to: '6281277770000',
      parameters: ['Koperasi Tani Mulus', 'Gelombang I', po.number, `https://gelombang.example.go.id/purchase-orders/${po.id}`],
    });

    await ctx.http
      .post(`/purchase-orders/${po.id}/confirm`)
      .set(bearer(manager.token))
      .send({})
      .expect((r) => expect(r.status).toBeLessThan(300));
    await ctx.http
      .post(`/purchase-orders/${po.id}/shipments`)
      .set(bearer(manager.token))
      .send({ droppingPointId: ref.points[0].id })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const onTheWay = await eventually(
      async () => (await sim.messages()).messages.find((m) => m.template === 'gelombang_shipment_on_the_way'),
      20_000,
      'goods on the way',
    );
    expect(onTheWay).toMatchObject({
      to: '6281266660000',
      parameters: [
        'Gedung Kementerian Koperasi dan UKM',
        'Koperasi Tani Mulus',
        'Gelombang I',
        '1 x 10 kg, 1 x 20 kg; 30 kg',
        `https://gelombang.example.go.id/petugas/titik/${ref.points[0].id}`,
      ],
    });
    expect((await sim.messages()).messages.filter((m) => m.template === 'gelombang_purchase_order_issued')).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to[0] === 'pengurus@tanimulus.coop.id')).toHaveLength(1);
  });
});
