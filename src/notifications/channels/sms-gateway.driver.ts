import { Injectable } from '@nestjs/common';
import { Environment } from '../../config/environment';
import { ChannelDriver, OutgoingMessage, postJson, SendResult } from './channel-driver';

/**
 * An HTTP SMS gateway: `POST /v1/sms` {to, text, reference} with a bearer key and an
 * Idempotency-Key, answered 201 {id}. Indonesian gateways differ in field names only; a real one is
 * plugged by adapting this class (see the README). A 422 (bad or unreachable number) is final.
 */
@Injectable()
export class SmsGatewayDriver implements ChannelDriver {
  readonly available: boolean;

  constructor(private readonly env: Environment) {
    this.available = env.SMS_DRIVER !== 'off';
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const answer = (await postJson(
      `${this.env.SMS_API_URL.replace(/\/$/, '')}/v1/sms`,
      { Authorization: `Bearer ${this.env.SMS_API_KEY}`, 'Idempotency-Key': message.reference },
      { to: message.to, text: message.rendered.text, reference: message.reference },
      this.env.NOTIFY_TIMEOUT_MS,
      (status, error) => (status === 422 || status === 400 ? `SMS ${status}: ${JSON.stringify(error).slice(0, 200)}` : null),
    )) as { id?: string };
    if (!answer.id) throw new Error('The SMS gateway answered without a message id');
    return { providerMessageId: answer.id };
  }
}
