import type { INestApplicationContext } from '@nestjs/common';
import { DirectMessages } from '../src/notifications/direct-messages';
import { startInProcessWorker } from './delivery-support';
import { eventually, MessagingSim, messagingEnv, notifications, startMessagingSim } from './notifications-support';
import { startTestContext, TestContext } from './support/test-app';

describe('One-time codes to a roster phone (DirectMessages.sendOtp)', () => {
  let sim: MessagingSim;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let direct: DirectMessages;

  beforeAll(async () => {
    sim = await startMessagingSim();
    ctx = await startTestContext(messagingEnv(sim.url));
    worker = await startInProcessWorker(ctx);
    direct = ctx.apps[0].get(DirectMessages);
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
    await sim?.stop();
  });

  beforeEach(() => sim.control('POST', '/_sim/reset'));

  it('sends the code by WhatsApp template in Bahasa Indonesia, with a record of its own', async () => {
    const id = await direct.sendOtp('0812-3456-7890', '482913');
    const message = await eventually(async () => (await sim.messages()).messages[0], 15_000, 'the WhatsApp message');
    expect(message).toMatchObject({
      channel: 'whatsapp',
      to: '6281234567890',
      template: 'gelombang_otp',
      language: 'id',
      parameters: ['482913'],
    });
    const [row] = await eventually(async () => {
      const rows = await notifications(ctx.databaseUrl, 'id = $1 AND status = $2', [id, 'sent']);
      return rows.length ? rows : undefined;
    });
    expect(row).toMatchObject({ kind: 'otp', channel: 'whatsapp', address: '6281234567890', provider_message_id: message.id });
    expect(row.body).toBe('Kode verifikasi Gelombang Anda: 482913. Berlaku 10 menit. Jangan berikan kode ini kepada siapa pun.');
    expect(await direct.status(id)).toEqual([{ id, channel: 'whatsapp', status: 'sent', lastError: null }]);
  });

  it('falls back to SMS when the number has no WhatsApp, in English when asked', async () => {
    await sim.control('POST', '/_sim/faults', { faults: [{ type: 'invalid_number', channel: 'whatsapp' }] });
    const id = await direct.sendOtp('+62 813 0000 1111', '7777', 'en');
    const sms = await eventually(async () => (await sim.messages()).messages.find((m) => m.channel === 'sms'), 15_000, 'the SMS');
    expect(sms).toMatchObject({
      to: '6281300001111',
      text: 'Your Gelombang verification code: 7777. Valid for 10 minutes. Do not share this code with anyone.',
    });
    const rows = await eventually(async () => {
      const statuses = await direct.status(id);
      return statuses.length === 2 && statuses[1].status === 'sent' ? statuses : undefined;
    });
    expect(rows.map((row) => [row.channel, row.status])).toEqual([
      ['whatsapp', 'failed'],
      ['sms', 'sent'],
    ]);
    expect((await sim.messages()).messages.filter((m) => m.channel === 'whatsapp')).toEqual([]);
  });

  it('names the field of bad input', async () => {
    await expect(direct.sendOtp('021-555', '1234')).rejects.toMatchObject({ details: [{ field: 'phone' }] });
    await expect(direct.sendOtp('081234567890', '12')).rejects.toMatchObject({ details: [{ field: 'code' }] });
  });
});
