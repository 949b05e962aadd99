import type { INestApplicationContext } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DirectMessages } from '../src/notifications/direct-messages';
import { startInProcessWorker } from './delivery-support';
import { placeOrder } from './desk-fixtures';
import {
  eventually,
  exposeWebhook,
  MessagingSim,
  messagingEnv,
  notifications,
  startMessagingSim,
  WHATSAPP_APP_SECRET,
  WHATSAPP_VERIFY_TOKEN,
} from './notifications-support';
import { bearer, createWave, referenceCase, ReferenceCase, registerBuyers, TestBuyer } from './support/fixtures';
import { sql, startTestContext, TestContext } from './support/test-app';

describe('Notifications: events reach the right person, on the right channel, in Bahasa, once', () => {
  let sim: MessagingSim;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let ref: ReferenceCase;
  let buyers: TestBuyer[];
  let base: string;
  let wave: any;

  beforeAll(async () => {
    sim = await startMessagingSim();
    ctx = await startTestContext(messagingEnv(sim.url, { NOTIFY_QUIET_HOURS: '0-0' }));
    base = await exposeWebhook(ctx.apps[0], sim);
    worker = await startInProcessWorker(ctx);
    ref = await referenceCase(ctx);
    buyers = await registerBuyers(ctx, 3);
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[1].token)).send({ language: 'en' }).expect(200);
    await ctx.http.put('/notifications/preferences').set(bearer(buyers[2].token)).send({ announcements: false }).expect(200);
    wave = await createWave(ctx, ref);
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
    await sim?.stop();
  });

  it('"wave opened" goes to every eligible buyer who wants announcements, by WhatsApp template, in their language', async () => {
    const sent = await eventually(
      async () => {
        const { messages } = await sim.messages();
        const opened = messages.filter((m) => m.template === 'gelombang_wave_opened');
        return opened.length === 2 ? opened : undefined;
      },
      20_000,
      'two wave-opened messages',
    );
    const byPhone = new Map(sent.map((m) => [m.to, m]));
    expect(byPhone.get('6281200000000')).toMatchObject({
      language: 'id',
      parameters: [
        'Pegawai 0',
        'Gelombang I',
        expect.stringMatching(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB$/),
        `https://gelombang.example.go.id/waves/${wave.id}`,
        expect.stringContaining('/notifications/unsubscribe/'),
      ],
    });
    expect(byPhone.get('6281200000001')).toMatchObject({ language: 'en', parameters: expect.arrayContaining(['Pegawai 1']) });
    expect(byPhone.has('6281200000002')).toBe(false);
    const rows = await notifications(ctx.databaseUrl, `kind = 'wave_opened'`);
    expect(rows.map((row) => row.recipient_key).sort()).toEqual([`buyer:${buyers[0].id}`, `buyer:${buyers[1].id}`].sort());
    const id = rows.find((row) => row.recipient_key === `buyer:${buyers[0].id}`)!;
    await eventually(async () => ((await notifications(ctx.databaseUrl, 'id = $1', [id.id]))[0].body ? true : undefined));
    const [row] = await notifications(ctx.databaseUrl, 'id = $1', [id.id]);
    expect(row.body).toMatch(
      /^Halo Pegawai 0, Gelombang I sudah dibuka untuk pemesanan sampai \d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB\. Pesan di https:\/\/gelombang\.example\.go\.id\/waves\//,
    );

    // One tap on the link in the message turns announcements off, without a login.
    const link = new URL(byPhone.get('6281200000000')!.parameters![4]);
    const answer = await ctx.http.get(link.pathname).expect(200);
    expect(answer.body).toMatchObject({ unsubscribed: true });
    const prefs = await ctx.http.get('/notifications/preferences').set(bearer(buyers[0].token)).expect(200);
    expect(prefs.body).toMatchObject({ announcements: false, language: 'id' });
    await ctx.http.get('/notifications/unsubscribe/not-a-token').expect(400);
  });

  it('"order placed" carries the pickup code, the amount in rupiah, the WIB deadline and the order link, to that buyer only', async () => {
    const order = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 10: 2 });
    const message = await eventually(
      async () => (await sim.messages()).messages.find((m) => m.template === 'gelombang_order_placed'),
      20_000,
      'the order-placed message',
    );
    expect(message).toMatchObject({
      to: '6281200000000',
      language: 'id',
      parameters: [
        'Pegawai 0',
        'Gelombang I',
        order.pickupCode,
        'Rp 220.000',
        expect.stringMatching(/ WIB$/),
        `https://gelombang.example.go.id/orders/${order.id}`,
      ],
    });
    const mine = await eventually(async () => {
      const answer = await ctx.http.get(`/orders/${order.id}/notifications`).set(bearer(buyers[0].token)).expect(200);
      return answer.body.messages.some((m: any) => m.status === 'sent') ? answer.body : undefined;
    });
    expect(mine.messages).toEqual([
      expect.objectContaining({
        kind: 'order_placed',
        channel: 'whatsapp',
        status: 'sent',
        text: expect.stringContaining(`Kode ambil: ${order.pickupCode}. Total Rp 220.000`),
      }),
    ]);
    await ctx.http
      .get(`/orders/${order.id}/notifications`)
      .set(bearer(buyers[1].token))
      .expect((r) => expect([403, 404]).toContain(r.status));
    // The sweep runs again and again over the same seconds: still one message.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await sim.messages()).messages.filter((m) => m.template === 'gelombang_order_placed')).toHaveLength(1);
  });

  it('status webhooks move the record forward only; forged and replayed ones are refused; the handshake answers', async () => {
    const message = (await sim.messages()).messages.find((m) => m.template === 'gelombang_order_placed')!;
    const delivered = await sim.control('POST', `/_sim/messages/${encodeURIComponent(message.id)}/statuses`, { status: 'delivered' });
    expect(delivered.answers).toEqual([200]);
    const late = await sim.control('POST', `/_sim/messages/${encodeURIComponent(message.id)}/statuses`, { status: 'sent' });
    expect(late.answers).toEqual([200]);
    const [row] = await notifications(ctx.databaseUrl, 'provider_message_id = $1', [message.id]);
    expect(row.status).toBe('delivered');

    const replay = await sim.control('POST', `/_sim/webhooks/${delivered.n}/replay`);
    expect(replay.status).toBe(409);
    const body = JSON.stringify({ entry: [{ changes: [{ value: { statuses: [{ id: message.id, status: 'read', timestamp: '1' }] } }] }] });
    const forged = await fetch(`${base}/notifications/whatsapp/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', 'not-the-secret-at-all').update(body).digest('hex')}`,
      },
      body,
    });
    expect(forged.status).toBe(401);
    const signed = await fetch(`${base}/notifications/whatsapp/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', WHATSAPP_APP_SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    expect(signed.status).toBe(200);
    expect((await notifications(ctx.databaseUrl, 'provider_message_id = $1', [message.id]))[0].status).toBe('read');

    expect(await sim.control('POST', '/_sim/verify')).toMatchObject({ verified: true });
    await ctx.http
      .get('/notifications/whatsapp/webhook')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': `${WHATSAPP_VERIFY_TOKEN}x`, 'hub.challenge': '1' })
      .expect(403);
  });

  it('a 429 is retried after its Retry-After and a 5xx with backoff: one message, the same idempotency key', async () => {
    await sim.control('POST', '/_sim/faults', {
      faults: [
        { type: '429', retryAfterSec: 1 },
        { type: '5xx', count: 2 },
      ],
    });
    const started = Date.now();
    const id = await ctx.apps[0].get(DirectMessages).sendOtp('081300000099', '123456');
    const key = `gelombang-n-${id}`;
    await eventually(
      async () => ((await notifications(ctx.databaseUrl, `id = $1 AND status = 'sent'`, [id])).length ? true : undefined),
      20_000,
      'the code sent',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const { messages, sendCalls } = await sim.messages();
    expect(sendCalls[key]).toBe(4);
    expect(messages.filter((m) => m.idempotencyKey === key)).toHaveLength(1);
    expect((await notifications(ctx.databaseUrl, 'id = $1', [id]))[0].attempts).toBe(4);
  });

  it('a rejected template falls back to SMS with the same text; a number without WhatsApp (failed webhook) too', async () => {
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'template_rejected', channel: 'whatsapp' }] });
    const order = await placeOrder(ctx, wave, buyers[1], ref.points[1].id, { 5: 1 });
    const sms = await eventually(
      async () => (await sim.messages()).messages.find((m) => m.channel === 'sms' && m.to === '6281200000001'),
      20_000,
      'the SMS',
    );
    expect(sms.text).toBe(
      `Hello Pegawai 1, your Gelombang I order is placed. Pickup code: ${order.pickupCode}. Total Rp 55.000, pay by ${sms.text!.match(/pay by (.+ WIB)/)![1]}. Your order: https://gelombang.example.go.id/orders/${order.id}`,
    );
    // The simulator has the SMS a moment before the worker records its answer.
    const rows = await eventually(async () => {
      const found = await notifications(ctx.databaseUrl, `order_id = $1`, [order.id]);
      return found.length === 2 && found[1].status === 'sent' ? found : undefined;
    });
    expect(rows.map((row) => [row.channel, row.status])).toEqual([
      ['whatsapp', 'failed'],
      ['sms', 'sent'],
    ]);

    await sim.control('POST', '/_sim/config', { noWhatsApp: ['6281200000002'] });
    const other = await placeOrder(ctx, wave, buyers[2], ref.points[0].id, { 5: 1 });
    await eventually(
      async () => (await sim.messages()).messages.find((m) => m.channel === 'sms' && m.to === '6281200000002'),
      20_000,
      'the fallback SMS',
    );
    const after = await eventually(async () => {
      const found = await notifications(ctx.databaseUrl, `order_id = $1`, [other.id]);
      return found.length === 2 && found[1].status === 'sent' ? found : undefined;
    });
    expect(after.map((row) => [row.channel, row.status])).toEqual([
      ['whatsapp', 'failed'],
      ['sms', 'sent'],
    ]);
  });

  it('a cancellation tells the buyer why; the administrator sees the wave per channel and status', async () => {
    const order = await placeOrder(ctx, wave, buyers[0], ref.points[0].id, { 5: 1 });
    await ctx.http
      .post(`/orders/${order.id}/cancel`)
      .set(bearer(buyers[0].token))
      .expect((r) => expect(r.status).toBeLessThan(300));
    const message = await eventually(
      async () =>
        (await sim.messages()).messages.find((m) => m.template === 'gelombang_order_cancelled' && m.parameters![1] === order.pickupCode),
      20_000,
      'the cancellation',
    );
    expect(message.parameters).toEqual([
      'Pegawai 0',
      order.pickupCode,
      'dibatalkan atas permintaan Anda',
      `https://gelombang.example.go.id/orders/${order.id}`,
    ]);

    const counts = await ctx.http.get(`/waves/${wave.id}/notifications`).set(bearer(ref.adminToken)).expect(200);
    const [{ n }] = await sql<{ n: number }>(ctx.databaseUrl, `SELECT count(*)::int AS n FROM notifications WHERE wave_id = $1`, [wave.id]);
    expect(counts.body.total).toBe(n);
    expect(counts.body.byChannel.whatsapp.failed).toBe(2);
    expect(counts.body.byChannel.sms.sent).toBe(2);
    await ctx.http.get(`/waves/${wave.id}/notifications`).set(bearer(buyers[0].token)).expect(403);
  });
});
