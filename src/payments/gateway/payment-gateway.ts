/** A dynamic QRIS code the gateway issued for one amount. */
export interface QrCode {
  /** The gateway's QR code id. */
  id: string;
  referenceId: string;
  amountRp: number;
  /** The EMVCo payload to render as the QR image. */
  qrString: string;
  expiresAt: Date;
}

/** A payment the gateway says it received for a QR code. */
export interface GatewayPaymentReport {
  /** The gateway's payment id: unique, the key that makes repeated reports harmless. */
  id: string;
  qrId: string;
  /** Our intent id, as sent when the code was created. */
  referenceId: string;
  amountRp: number;
  paidAt: Date;
  /** The report as received, kept for the record. */
  payload: Record<string, unknown>;
}

/** A gateway call failed; `unavailable` when trying again later may work (timeout, network, 5xx). */
export class PaymentGatewayError extends Error {
  constructor(
    message: string,
    readonly unavailable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PaymentGatewayError';
  }
}

/**
 * The payment gateway as the service sees it: Xendit's QR Codes API shape (create a dynamic QR
 * for an amount, a reference and an expiry; a `qr.payment` callback with a verification token;
 * the payments of a QR code on request). Another gateway is another implementation of this.
 */
export abstract class PaymentGateway {
  /** Stored on each intent and gateway payment: which driver issued it. */
  abstract readonly name: string;
  /** `idempotencyKey` makes a retried create return the first code. */
  abstract createQr(request: { referenceId: string; amountRp: number; expiresAt: Date; idempotencyKey: string }): Promise<QrCode>;
  /** The status API: every payment made on this QR code so far. */
  abstract listPayments(qrId: string): Promise<GatewayPaymentReport[]>;
  /** Whether a callback's token is the account's verification token (constant time). */
  abstract verifyCallback(headers: Record<string, string | string[] | undefined>): boolean;
  /** A verified callback body as a payment report, or null when it is not a payment event. */
  abstract parseCallback(body: unknown): GatewayPaymentReport | null;
}
