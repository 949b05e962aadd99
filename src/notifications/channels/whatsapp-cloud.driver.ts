import { Injectable } from '@nestjs/common';
import { Environment } from '../../config/environment';
import { ChannelDriver, OutgoingMessage, postJson, SendResult } from './channel-driver';

/** Cloud API error codes that no retry fixes: the number has no WhatsApp, the template is not approved or its parameters do not fit. */
const PERMANENT_CODES = new Set([131026, 131030, 131047, 131051, 132000, 132001, 132005, 132007, 132012, 132015, 132016]);

/**
 * WhatsApp Business Cloud API: `POST /{version}/{phone-number-id}/messages` with a bearer token,
 * an approved template (name, language, body parameters), business-initiated. The Cloud API has no
 * idempotency key, so the notification's reference travels as biz_opaque_callback_data (and as an
 * Idempotency-Key header that the simulator honours); our own record is what prevents a second send.
 * Driver `sim` is the same client pointed at the messaging simulator.
 */
@Injectable()
export class WhatsAppCloudDriver implements ChannelDriver {
  readonly available: boolean;

  constructor(private readonly env: Environment) {
    this.available = env.WHATSAPP_DRIVER !== 'off';
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const url = `${this.env.WHATSAPP_API_URL.replace(/\/$/, '')}/${this.env.WHATSAPP_API_VERSION}/${this.env.WHATSAPP_PHONE_NUMBER_ID}/messages`;
    const body = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: message.to,
      type: 'template',
      biz_opaque_callback_data: message.reference,
      template: {
        name: message.rendered.template,
        language: { code: message.language },
        components: [{ type: 'body', parameters: message.rendered.parameters.map((text) => ({ type: 'text', text })) }],
      },
    };
    const answer = (await postJson(
      url,
      { Authorization: `Bearer ${this.env.WHATSAPP_TOKEN}`, 'Idempotency-Key': message.reference },
      body,
      this.env.NOTIFY_TIMEOUT_MS,
      (status, error) => {
        const code = (error as { error?: { code?: number; message?: string } }).error?.code;
        if (code !== undefined && PERMANENT_CODES.has(code))
          return `WhatsApp ${code}: ${(error as { error: { message?: string } }).error.message ?? 'rejected'}`;
        return status === 400 || status === 404 ? `WhatsApp ${status}: ${JSON.stringify(error).slice(0, 200)}` : null;
      },
    )) as { messages?: { id: string }[] };
    const id = answer.messages?.[0]?.id;
    if (!id) throw new Error('WhatsApp answered without a message id');
    return { providerMessageId: id };
  }
}
