import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { NotificationRecords } from './notification-records';
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
    private readonly records: NotificationRecords,
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
      this.records.toPhone(m, {
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
  async status(notificationId: string): Promise<DirectMessageStatus[]> {
    const rows: { id: string; channel: string; status: string; last_error: string | null }[] = await this.dataSource.query(
      `SELECT n.id, n.channel, n.status, n.last_error FROM notifications n
        WHERE n.event_key = (SELECT event_key FROM notifications WHERE id = $1) ORDER BY n.id`,
      [notificationId],
    );
    return rows.map((row) => ({ id: row.id, channel: row.channel, status: row.status, lastError: row.last_error }));
  }
}
