import { timingSafeEqual } from 'node:crypto';
import { GatewayPaymentReport, PaymentGateway, PaymentGatewayError, QrCode } from './payment-gateway';

export interface XenditSettings {
  /** `http` (a Xendit account) or `sim` (the simulator, npm run payments:sim). */
  driver: string;
  baseUrl: string;
  secretKey: string;
  callbackToken: string;
  timeoutMs: number;
}

/** The API version whose shapes this driver speaks. */
const API_VERSION = '2022-07-31';
export const CALLBACK_TOKEN_HEADER = 'x-callback-token';

interface QrBody {
  id: string;
  reference_id: string;
  amount: number;
  qr_string: string;
  expires_at: string;
}

interface PaymentBody {
  id: string;
  qr_id: string;
  reference_id: string;
  amount: number;
  status: string;
  created: string;
}

/**
 * Xendit's QR Codes API: POST /qr_codes {reference_id, type: DYNAMIC, currency: IDR, amount,
 * expires_at}, GET /qr_codes/:id/payments; Basic auth with the secret key; callbacks `qr.payment`
 * carry the account's verification token in x-callback-token. The simulator speaks the same.
 */
export class XenditQrGateway extends PaymentGateway {
  readonly name: string;

  constructor(private readonly settings: XenditSettings) {
    super();
    this.name = `xendit-${settings.driver}`;
  }

  async createQr(request: { referenceId: string; amountRp: number; expiresAt: Date; idempotencyKey: string }): Promise<QrCode> {
    const body = (await this.call(
      'POST',
      '/qr_codes',
      {
        reference_id: request.referenceId,
        type: 'DYNAMIC',
        currency: 'IDR',
        amount: request.amountRp,
        expires_at: request.expiresAt.toISOString(),
      },
      { 'idempotency-key': request.idempotencyKey },
    )) as QrBody;
    if (typeof body?.id !== 'string' || typeof body.qr_string !== 'string' || body.amount !== request.amountRp) {
      throw new PaymentGatewayError('The gateway answered with an unexpected QR code', false);
    }
    return {
      id: body.id,
      referenceId: body.reference_id,
      amountRp: body.amount,
      qrString: body.qr_string,
      expiresAt: new Date(body.expires_at),
    };
  }

  async listPayments(qrId: string): Promise<GatewayPaymentReport[]> {
    const body = (await this.call('GET', `/qr_codes/${encodeURIComponent(qrId)}/payments`)) as { data?: PaymentBody[] };
    return (body?.data ?? []).map((payment) => toReport(payment)).filter((report): report is GatewayPaymentReport => report !== null);
  }

  verifyCallback(headers: Record<string, string | string[] | undefined>): boolean {
    // With QRIS off, the (published) development token must not open a way to mark orders paid.
    if (this.settings.driver === 'off') return false;
    const given = headers[CALLBACK_TOKEN_HEADER];
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given, 'utf8');
    const b = Buffer.from(this.settings.callbackToken, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  parseCallback(body: unknown): GatewayPaymentReport | null {
    const event = body as { event?: unknown; data?: PaymentBody } | null;
    if (!event || event.event !== 'qr.payment' || !event.data) return null;
    return toReport(event.data);
  }

  private async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.settings.baseUrl), {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(`${this.settings.secretKey}:`).toString('base64')}`,
          'api-version': API_VERSION,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new PaymentGatewayError(`The payment gateway did not answer: ${(error as Error).message}`, true);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new PaymentGatewayError(
        `The payment gateway answered ${response.status}: ${text.slice(0, 200)}`,
        response.status >= 500 || response.status === 429,
        response.status,
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new PaymentGatewayError('The payment gateway answered with something that is not JSON', true, response.status);
    }
  }
}

/** Only succeeded payments with whole-rupiah amounts are payments; anything else is ignored. */
function toReport(payment: PaymentBody): GatewayPaymentReport | null {
  if (
    !payment ||
    payment.status !== 'SUCCEEDED' ||
    typeof payment.id !== 'string' ||
    !Number.isInteger(payment.amount) ||
    payment.amount <= 0
  )
    return null;
  const paidAt = new Date(payment.created);
  return {
    id: payment.id,
    qrId: payment.qr_id,
    referenceId: payment.reference_id,
    amountRp: payment.amount,
    paidAt: Number.isNaN(paidAt.getTime()) ? new Date() : paidAt,
    payload: payment as unknown as Record<string, unknown>,
  };
}
