import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { NotificationRepository } from './notification.repository';
import { toE164Digits } from './phone';
import type { Language } from './templates';

export interface DirectMessageStatus {
  id: string;
  channel: string;
  status: string;
  lastError: string | null;
}

/**
 * Messages to a bare phone number, outside any event: a one-time code for a roster phone. Each is
 * a notifications row of its own (WhatsApp when configured, SMS otherwise, SMS as the fallback of
 * WhatsApp), sent by the worker process like every other message.
 */
@Injectable()
export class DirectMessages {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly env: Environment,
  ) {}

  /**
   * Queues the code `code` to `phone` (any Indonesian mobile notation) and answers the notification
   * id. With `manager`, the row is part of the caller's transaction and goes out after its commit.
   */
  async sendOtp(phone: string, code: string, language: Language = 'id', manager?: EntityManager): Promise<string> {
    const to = toE164Digits(phone);
    if (!to) throw DomainError.validation('phone', 'phone must be an Indonesian mobile number (08..., +62 8...)');
    if (!/^[0-9A-Za-z]{4,10}$/.test(code)) throw DomainError.validation('code', 'code must be 4 to 10 letters or digits');
    const channel = this.env.WHATSAPP_DRIVER !== 'off' ? 'whatsapp' : 'sms';
    const write = (m: EntityManager) =>
      this.notifications.toPhone(m, {
        eventKey: `otp:${randomUUID()}`,
        kind: 'otp',
        recipientKey: `phone:${to}`,
        phone: to,
        channel,
        language,
        params: { code },
      });
    const id = manager ? await write(manager) : await this.dataSource.transaction(write);
    return id!;
  }

  /** Where the message stands, for the caller that sent it (the code itself is not returned). */
  status(notificationId: string): Promise<DirectMessageStatus[]> {
    return this.notifications.ofSameEvent(notificationId);
  }
}
