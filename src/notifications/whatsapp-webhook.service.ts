import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
import { NotificationSender } from './notification-sender';
import { NotificationRepository } from './notification.repository';

export const HUB_SIGNATURE_HEADER = 'x-hub-signature-256';

interface CloudStatus {
  id?: string;
  status?: string;
  timestamp?: string;
  biz_opaque_callback_data?: string;
  errors?: { code?: number; title?: string }[];
}

/** Higher is further along; a status never moves a message back (webhooks come out of order and repeated). */
const RANK: Record<string, number> = { sending: 0, sent: 1, delivered: 2, read: 3 };

/**
 * WhatsApp Cloud API status webhooks: verified by X-Hub-Signature-256 (HMAC-SHA256 of the raw body
 * with the app secret), refused when the same body came before (a replay), applied in one
 * transaction. 'failed' (e.g. 131026, no WhatsApp on the number) ends the row and falls back to SMS.
 */
@Injectable()
export class WhatsAppWebhookService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly sender: NotificationSender,
    private readonly env: Environment,
  ) {}

  /** The GET handshake: answers hub.challenge when hub.verify_token is ours. */
  verify(mode: string | undefined, token: string | undefined, challenge: string | undefined): string {
    const expected = Buffer.from(this.env.WHATSAPP_VERIFY_TOKEN);
    const given = Buffer.from(token ?? '');
    if (mode !== 'subscribe' || !challenge || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw DomainError.forbidden('hub.verify_token does not match');
    }
    return challenge;
  }

  async receive(rawBody: string | undefined, signature: string | undefined): Promise<{ applied: number }> {
    if (rawBody === undefined) throw new DomainError(ErrorCode.WebhookSignatureInvalid, 'No body to verify');
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.env.WHATSAPP_APP_SECRET).update(rawBody).digest('hex')}`);
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new DomainError(ErrorCode.WebhookSignatureInvalid, `The ${HUB_SIGNATURE_HEADER} header is missing or does not match`);
    }
    let body: { entry?: { changes?: { value?: { statuses?: CloudStatus[] } }[] }[] };
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw DomainError.validation('body', 'body must be JSON');
    }
    const statuses = (body.entry ?? []).flatMap((entry) => (entry.changes ?? []).flatMap((change) => change.value?.statuses ?? []));
    return this.dataSource.transaction(async (manager) => {
      const hash = createHash('sha256').update(rawBody).digest('hex');
      if (!(await this.notifications.firstWebhook(manager, hash)))
        throw new DomainError(ErrorCode.WebhookReplayed, 'This webhook was received already');
      let applied = 0;
      for (const status of statuses) if (await this.apply(manager, status)) applied++;
      return { applied };
    });
  }

  private async apply(manager: EntityManager, status: CloudStatus): Promise<boolean> {
    const reference = /^gelombang-n-(\d+)$/.exec(status.biz_opaque_callback_data ?? '')?.[1];
    const row = await this.notifications.lockWhatsApp(manager, reference ? { reference } : { providerMessageId: status.id ?? '' });
    if (!row || !status.status) return false;
    const at = new Date(Number(status.timestamp) * 1000 || Date.now());
    if (status.status === 'failed') {
      if ((RANK[row.status] ?? 99) >= RANK.delivered) return false;
      const error = status.errors?.[0];
      return this.sender.failAndFallBack(manager, row.id, `WhatsApp ${error?.code ?? ''}: ${error?.title ?? 'failed'}`);
    }
    const rank = RANK[status.status];
    if (rank === undefined || rank <= (RANK[row.status] ?? 99)) return false;
    await this.notifications.advanceStatus(manager, row.id, status.status, status.id ?? null, at);
    return true;
  }
}
