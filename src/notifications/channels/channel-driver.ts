import type { RetryAfterHint } from '../../queues/job-options';
import type { Language, Rendered } from '../templates';

export interface OutgoingMessage {
  /** Stable per notification row: a provider that sees it twice sends one message. */
  reference: string;
  /** E.164 digits without + (6281...) for WhatsApp and SMS, an address for email. */
  to: string;
  language: Language;
  rendered: Rendered;
  /** Files to attach (email only; the other channels carry the text and its link). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface SendResult {
  providerMessageId: string;
}

/** Worth trying again later (429, 5xx, timeouts, a 452 mailbox busy). */
export class TemporarySendError extends Error implements RetryAfterHint {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TemporarySendError';
  }
}

/** Will never work on this channel (no WhatsApp on the number, template rejected, 550): fall back. */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

/** One channel's provider. `available` is false when the channel is switched off by configuration. */
export interface ChannelDriver {
  readonly available: boolean;
  send(message: OutgoingMessage): Promise<SendResult>;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** POSTs JSON and classifies the answer: 2xx body, 429/5xx/network temporary, other 4xx through `permanent`. */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  permanent: (status: number, answer: unknown) => string | null,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new TemporarySendError(`No answer from ${new URL(url).host}: ${cause}`);
  }
  const text = await response.text();
  let answer: unknown;
  try {
    answer = text ? JSON.parse(text) : {};
  } catch {
    answer = { raw: text.slice(0, 200) };
  }
  if (response.ok) return answer;
  if (response.status === 429 || response.status >= 500 || response.status === 408) {
    throw new TemporarySendError(`${response.status} from ${new URL(url).host}`, retryAfterMs(response.headers.get('retry-after')));
  }
  const reason = permanent(response.status, answer);
  if (reason) throw new PermanentSendError(reason);
  throw new TemporarySendError(`${response.status} from ${new URL(url).host}: ${text.slice(0, 200)}`);
}
