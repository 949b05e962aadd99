import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { Environment } from '../../config/environment';
import { ChannelDriver, OutgoingMessage, PermanentSendError, SendResult, TemporarySendError } from './channel-driver';

/**
 * Email through SMTP with nodemailer. The Message-ID is derived from the notification, so a message
 * sent twice after a crash is recognisably the same one. SMTP 4xx (452 mailbox full, 421) are
 * retried; 5xx (550 no such mailbox) are final.
 */
@Injectable()
export class SmtpEmailDriver implements ChannelDriver, OnApplicationShutdown {
  readonly available: boolean;
  private transport: Transporter | null = null;

  constructor(private readonly env: Environment) {
    this.available = env.EMAIL_DRIVER !== 'off';
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const messageId = `<${message.reference}@${new URL(this.env.PUBLIC_URL).hostname}>`;
    try {
      await this.transporter().sendMail({
        from: this.env.EMAIL_FROM,
        to: message.to,
        subject: message.rendered.subject,
        text: message.rendered.text,
        messageId,
        headers: { 'Content-Language': message.language },
        attachments: message.attachments,
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const text = `SMTP ${code ?? (error as { code?: string }).code ?? ''}: ${(error as Error).message}`.slice(0, 300);
      if (code !== undefined && code >= 500) throw new PermanentSendError(text);
      throw new TemporarySendError(text);
    }
    return { providerMessageId: messageId };
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  private transporter(): Transporter {
    this.transport ??= createTransport(this.env.SMTP_URL);
    return this.transport;
  }
}
