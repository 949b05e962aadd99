import type { ChildProcess } from 'node:child_process';
import { DirectMessages } from '../src/notifications/direct-messages';
import { NotificationRelay } from '../src/notifications/notification-relay';
import { exitOf, flushPrefix, startWorkerProcess } from './delivery-support';
import { eventually, MessagingSim, messagingEnv, notifications, startMessagingSim } from './notifications-support';
import { createWave, referenceCase, ReferenceCase, registerBuyers } from './support/fixtures';
import { startTestContext, TestContext } from './support/test-app';

/**
 * Exactly once through faults of our own side: a worker process killed in the middle of a send, and
 * Redis losing its data (every key under this test's own REDIS_PREFIX deleted; the shared server is
 * never flushed as a whole) in the middle of a fan-out. The provider is the simulator process; the
 * idempotency reference (gelombang-n-<row id>) makes a repeated call answer with the same message.
 */
describe('Notifications: no lost and no doubled message when a worker dies or Redis loses its data', () => {
  let sim: MessagingSim;
  let ctx: TestContext;
  let ref: ReferenceCase;
  const children: ChildProcess[] = [];

  async function worker(): Promise<ChildProcess> {
    const child = await startWorkerProcess(ctx);
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    sim = await startMessagingSim();
    ctx = await startTestContext(
      messagingEnv(sim.url, {
        NOTIFY_QUIET_HOURS: '0-0',
        NOTIFY_TIMEOUT_MS: '5000',
        NOTIFY_RECONCILE_SECONDS: '3600',
        // Slow enough that Redis can be lost half-way through the fan-out.
        NOTIFY_RATE_LIMIT_MAX: '10',
        NOTIFY_RATE_LIMIT_DURATION_MS: '500',
      }),
    );
    ref = await referenceCase(ctx);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exitOf(child);
    }
    await ctx?.close();
    await sim?.stop();
  });

  it('a worker killed with SIGKILL in the middle of a send: another worker finishes the row with the same message', async () => {
    const first = await worker();
    await sim.control('POST', '/_sim/config', { latencyMs: [1500, 1500] });
    const id = await ctx.apps[0].get(DirectMessages).sendOtp('0813-0000-0042', '424242');
    const key = `gelombang-n-${id}`;
    await eventually(async () => ((await sim.messages()).sendCalls[key] === 1 ? true : undefined), 15_000, 'the send call');
    first.kill('SIGKILL');
    expect(await exitOf(first)).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await notifications(ctx.databaseUrl, 'id = $1', [id]))[0].status).toBe('sending');

    await sim.control('POST', '/_sim/config', { latencyMs: [2, 10] });
    await worker();
    await eventually(
      async () => ((await notifications(ctx.databaseUrl, `id = $1 AND status = 'sent'`, [id])).length ? true : undefined),
      30_000,
      'the row sent by the second worker',
    );
    const { messages, sendCalls } = await sim.messages();
    const sent = messages.filter((m) => m.idempotencyKey === key);
    expect(sent).toHaveLength(1);
    expect(sendCalls[key]).toBe(2);
    expect((await notifications(ctx.databaseUrl, 'id = $1', [id]))[0].provider_message_id).toBe(sent[0].id);
  }, 60_000);

  it('Redis loses its data in the middle of a fan-out: the reconciliation queues what was lost, each buyer hears once', async () => {
    const buyers = await registerBuyers(ctx, 30);
    await createWave(ctx, ref);
    const opened = async () => (await sim.messages()).messages.filter((m) => m.template === 'gelombang_wave_opened');
    await eventually(async () => ((await opened()).length >= 5 ? true : undefined), 30_000, 'the first announcements');
    const lost = await flushPrefix(ctx.redisPrefix);
    expect(lost).toBeGreaterThan(0);
    expect((await opened()).length).toBeLessThan(30);

    // The relay's periodic check (here called directly instead of waiting NOTIFY_RECONCILE_SECONDS).
    const relay = ctx.apps[0].get(NotificationRelay);
    await eventually(async () => ((await relay.reconcile(0)) > 0 ? true : undefined), 10_000, 'the reconciliation to find lost jobs');
    const rows = await eventually(
      async () => {
        const found = await notifications(ctx.databaseUrl, `kind = 'wave_opened'`);
        return found.length === 30 && found.every((row) => row.status === 'sent') ? found : undefined;
      },
      60_000,
      'every announcement sent',
    );
    expect(new Set(rows.map((row) => row.recipient_key))).toEqual(new Set(buyers.map((buyer) => `buyer:${buyer.id}`)));
    const messages = await opened();
    const perPhone = new Map<string, number>();
    for (const message of messages) perPhone.set(message.to, (perPhone.get(message.to) ?? 0) + 1);
    expect(perPhone.size).toBe(30);
    expect([...perPhone.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(messages.map((m) => m.idempotencyKey)).size).toBe(30);
    expect(rows.every((row) => messages.some((m) => m.id === row.provider_message_id))).toBe(true);
  }, 120_000);
});
