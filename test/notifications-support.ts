import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { simpleParser } from 'mailparser';
import { ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { sql } from './support/test-app';

/** Helpers for the notification tests (test/notifications-*.e2e-spec.ts). */

export const WHATSAPP_TOKEN = 'test-whatsapp-token';
export const WHATSAPP_APP_SECRET = 'test-whatsapp-app-secret';
export const WHATSAPP_VERIFY_TOKEN = 'test-whatsapp-verify-token';
export const SMS_API_KEY = 'test-sms-api-key';
const ROOT = join(__dirname, '..');

export interface MessagingSim {
  url: string;
  process: ChildProcess;
  control<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  messages(): Promise<SimMessages>;
  stop(): Promise<void>;
}

export interface SimMessage {
  id: string;
  channel: 'whatsapp' | 'sms';
  to: string;
  template?: string;
  language?: string;
  parameters?: string[];
  text?: string;
  idempotencyKey: string | null;
  statuses: string[];
}

export interface SimMessages {
  messages: SimMessage[];
  sendCalls: Record<string, number>;
  counters: { whatsapp: number; sms: number; replayed: number; rejected: number; faulted: number };
}

/** The settings that point the service at the simulator, with retries short enough for a test. */
export function messagingEnv(simUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WHATSAPP_DRIVER: 'sim',
    WHATSAPP_API_URL: simUrl,
    WHATSAPP_TOKEN,
    WHATSAPP_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    SMS_DRIVER: 'sim',
    SMS_API_URL: simUrl,
    SMS_API_KEY,
    EMAIL_DRIVER: 'off',
    NOTIFY_JOB_ATTEMPTS: '4',
    NOTIFY_BACKOFF_MS: '100',
    NOTIFY_TIMEOUT_MS: '700',
    NOTIFY_SWEEP_MS: '200',
    NOTIFY_RATE_LIMIT_MAX: '1000',
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_SHUTDOWN_TIMEOUT_MS: '5000',
    PUBLIC_URL: 'https://gelombang.example.go.id',
    ...extra,
  };
}

/** Starts the messaging simulator as a real child process on a free port of localhost. */
export async function startMessagingSim(env: Record<string, string> = {}): Promise<MessagingSim> {
  const child = spawn(process.execPath, [join(ROOT, 'messaging-sim/server.js')], {
    env: {
      ...process.env,
      SIM_PORT: '0',
      SIM_HOST: '127.0.0.1',
      WHATSAPP_TOKEN,
      WHATSAPP_APP_SECRET,
      WHATSAPP_VERIFY_TOKEN,
      SMS_API_KEY,
      SIM_LATENCY_MIN_MS: '2',
      SIM_LATENCY_MAX_MS: '10',
      SIM_AUTO_STATUS: 'false',
      SIM_WEBHOOK_RETRIES: '4',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line).url));
    child.once('exit', (code) => reject(new Error(`messaging simulator exited with ${code}`)));
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    process: child,
    control,
    messages: () => control('GET', '/_sim/messages'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Lets the service take status webhooks on a free port, and tells the simulator where. */
export async function exposeWebhook(app: NestFastifyApplication, sim: MessagingSim): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  await sim.control('POST', '/_sim/config', { webhookUrl: `${base}/notifications/whatsapp/webhook` });
  return base;
}

/** Polls until `check` answers a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface NotificationRow {
  id: string;
  event_key: string;
  kind: string;
  recipient_key: string;
  channel: string;
  address: string;
  status: string;
  body: string | null;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
}

export const notifications = (databaseUrl: string, where = 'TRUE', params: unknown[] = []) =>
  sql<NotificationRow>(databaseUrl, `SELECT * FROM notifications WHERE ${where} ORDER BY id`, params);

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface SmtpSink {
  port: number;
  /** Every mail accepted, parsed back with mailparser. */
  received: ReceivedMail[];
  /** Per recipient address, the SMTP codes to answer its next RCPT TO with (452 busy, 550 unknown). */
  scripted: Map<string, number[]>;
  close(): Promise<void>;
}

/** A real SMTP server on a free local port; a recipient's answers can be scripted (452 busy, 550 unknown). */
export async function startSmtp(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
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
            attachments: mail.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
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
