import type { INestApplicationContext } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startInProcessWorker } from './delivery-support';
import { placeOrder } from './desk-fixtures';
import { eventually, messagingEnv, notifications } from './notifications-support';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

interface Received {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

/** A real SMTP server on a free local port; a recipient's answers can be scripted (452 busy, 550 unknown). */
async function startSmtp() {
  const received: Received[] = [];
  const scripted = new Map<string, number[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      const codes = scripted.get(address.address);
      const code = codes?.shift();
      if (code === undefined) return callback();
      return callback(Object.assign(new Error(code === 452 ? 'Mailbox busy, try later' : 'No such user'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: (mail.text ?? '').trim(),
            messageId: mail.messageId ?? '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, scripted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Email by SMTP (nodemailer) to a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
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
    worker = await startInProcessWorker();
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
    const order = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 20: 1 });
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
    const announcement = smtp.received.find((m) => m.to[0] === 'pegawai0@kemenkop.go.id' && m.subject === 'Gelombang pemesanan dibuka');
    expect(announcement?.text).toContain('Halo Pegawai 0, Gelombang I sudah dibuka untuk pemesanan');
  });

  it('retries a 452 (mailbox busy) and delivers once; a 550 ends the message as failed', async () => {
    smtp.scripted.set('sibuk@kemenkop.go.id', [452]);
    smtp.scripted.set('tidak-ada@kemenkop.go.id', [550, 550, 550, 550, 550, 550]);
    const busy = await placeOrder(ctx, wave, buyers[1], ref.points[0].id, { 5: 1 });
    const missing = await placeOrder(ctx, wave, buyers[2], ref.points[0].id, { 5: 1 });
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
