import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bearer, TestBuyer } from './support/fixtures';
import type { TestContext } from './support/test-app';

/** Helpers for the payment tests (test/payments-*.e2e-spec.ts): the gateway simulator as a real process. */

export const PAYMENTS_SECRET_KEY = 'xnd_test_payments_secret_key_for_tests';
export const PAYMENTS_CALLBACK_TOKEN = 'test-xendit-callback-token';

export interface PaymentsSim {
  url: string;
  process: ChildProcess;
  control<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startPaymentsSim(env: Record<string, string> = {}): Promise<PaymentsSim> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'payments-sim/server.js')], {
    env: {
      ...process.env,
      SIM_PORT: '0',
      SIM_HOST: '127.0.0.1',
      PAYMENTS_SECRET_KEY,
      PAYMENTS_CALLBACK_TOKEN,
      SIM_LATENCY_MIN_MS: '2',
      SIM_LATENCY_MAX_MS: '10',
      SIM_CALLBACK_RETRIES: '5',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line).url));
    child.once('exit', (code) => reject(new Error(`payments simulator exited with ${code}`)));
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`payments simulator ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    process: child,
    control,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The service's settings for the simulator; the reconcile job asks about every pending code each second. */
export const paymentsEnv = (sim: PaymentsSim, extra: Record<string, string> = {}) => ({
  PAYMENTS_DRIVER: 'sim',
  PAYMENTS_BASE_URL: sim.url,
  PAYMENTS_SECRET_KEY,
  PAYMENTS_CALLBACK_TOKEN,
  PAYMENTS_TIMEOUT_MS: '2000',
  PAYMENTS_RECONCILE_SECONDS: '1',
  PAYMENTS_RECONCILE_WINDOW_SECONDS: '86400',
  ...extra,
});

/** Lets the service take callbacks: listens on a free port of localhost and tells the simulator where. */
export async function exposeForCallbacks(app: NestFastifyApplication, sim: PaymentsSim): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  await sim.control('POST', '/_sim/config', { callbackUrl: `${base}/payments/xendit/callback` });
  return base;
}

/** "Bayar dengan QRIS" through the API; returns the answer body. */
export async function openQris(ctx: TestContext, buyer: TestBuyer, orderId: string, expect = 200) {
  return (await ctx.http.post(`/orders/${orderId}/qris`).set(bearer(buyer.token)).expect(expect)).body;
}

/** The simulator's QR code id of an intent (the gateway's side of it). */
export async function simQrOf(sim: PaymentsSim, intentId: string): Promise<any> {
  const { qrCodes } = await sim.control('GET', '/_sim/qr_codes');
  return qrCodes.find((qr: { reference_id: string }) => qr.reference_id === intentId);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
