import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { formatRp } from '../common/money';
import { formatDate, formatWib, toWib } from '../common/time';
import { Environment } from '../config/environment';
import { purchaseOrderCsv } from '../purchase-orders/purchase-order-csv';
import { loadPurchaseOrderDocument } from '../purchase-orders/purchase-order-document';
import { pdfTextFor, purchaseOrderPdf } from '../purchase-orders/purchase-order-pdf';
import { ChannelDriver, OutgoingMessage, PermanentSendError } from './channels/channel-driver';
import { SmsGatewayDriver } from './channels/sms-gateway.driver';
import { SmtpEmailDriver } from './channels/smtp-email.driver';
import { WhatsAppCloudDriver } from './channels/whatsapp-cloud.driver';
import { Links } from './links';
import { buyerAddressSql, NotificationRecords } from './notification-records';
import { CHANNELS, Channel } from './notification.entity';
import { cancelReasonText, isKind, openingHoursText, render } from './templates';

interface ClaimedRow {
  id: string;
  event_key: string;
  kind: string;
  recipient_key: string;
  buyer_id: string | null;
  wave_id: string | null;
  order_id: string | null;
  channel: Channel;
  address: string;
  language: 'id' | 'en';
  params: Record<string, string>;
}

/** Reminders that mean nothing after a moment of their wave (a column of waves). */
const STALE_AFTER: Record<string, string> = {
  wave_opening_soon: 'opens_at',
  wave_closing_24h: 'closes_at',
  wave_closing_4h: 'closes_at',
  wave_opened: 'closes_at',
  wave_announced: 'closes_at',
};

export type SendOutcome = { kind: 'sent' | 'done' | 'fell_back' | 'failed' } | { kind: 'later'; until: Date };

/**
 * Sends one notification row, once. The row is claimed ('pending' or a 'sending' left by a worker
 * that died mid-call) and sent with the row's reference as idempotency key, so a provider called
 * again after a crash answers with the message it already has. A row already settled is left alone.
 * A permanent failure, or the last attempt of a temporary one, ends the row as failed and writes the
 * same message on the person's next channel (WhatsApp, then SMS, then email) in the same transaction.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly drivers: Record<Channel, ChannelDriver>;
  private readonly links: Links;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: NotificationRecords,
    env: Environment,
    whatsapp: WhatsAppCloudDriver,
    sms: SmsGatewayDriver,
    email: SmtpEmailDriver,
  ) {
    this.drivers = { whatsapp, sms, email };
    this.links = new Links(env);
  }

  async send(notificationId: string, finalAttempt: boolean): Promise<SendOutcome> {
    const [claimed]: [ClaimedRow[], number] = await this.dataSource.query(
      `UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status IN ('pending', 'sending') AND (not_before IS NULL OR not_before <= now())
       RETURNING id, event_key, kind, recipient_key, buyer_id, wave_id, order_id, channel, address, language, params`,
      [notificationId],
    );
    const row = claimed[0];
    if (!row) {
      const [waiting] = await this.dataSource.query(
        `SELECT not_before FROM notifications WHERE id = $1 AND status = 'pending' AND not_before > now()`,
        [notificationId],
      );
      return waiting ? { kind: 'later', until: waiting.not_before } : { kind: 'done' };
    }
    if (await this.stale(row)) {
      // A reminder held back (quiet hours, a long queue) past the moment it was about: not sent.
      await this.dataSource.query(
        `UPDATE notifications SET status = 'skipped', last_error = 'past its moment', updated_at = now() WHERE id = $1 AND status = 'sending'`,
        [row.id],
      );
      return { kind: 'done' };
    }
    const driver = this.drivers[row.channel];
    if (!driver.available) return this.fail(row, `${row.channel} is switched off`);
    if (!isKind(row.kind)) return this.fail(row, `Unknown kind ${row.kind}`);
    const rendered = render(row.kind, row.language, this.withLinks(row));
    try {
      const { providerMessageId } = await driver.send({
        reference: `gelombang-n-${row.id}`,
        to: row.address,
        language: row.language,
        rendered,
        attachments: await this.attachments(row),
      });
      await this.dataSource.query(
        // A status webhook may have come first and moved the row on already.
        `UPDATE notifications SET status = CASE WHEN status = 'sending' THEN 'sent' ELSE status END, provider_message_id = $2, body = $3,
                sent_at = coalesce(sent_at, now()), last_error = NULL, updated_at = now()
          WHERE id = $1 AND status IN ('sending', 'sent', 'delivered', 'read')`,
        [row.id, providerMessageId, rendered.text],
      );
      return { kind: 'sent' };
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      if (error instanceof PermanentSendError || finalAttempt) return this.fail(row, message);
      await this.dataSource.query(`UPDATE notifications SET last_error = $2, updated_at = now() WHERE id = $1`, [row.id, message]);
      throw error;
    }
  }

  /** Ends a row as failed (from a send or a 'failed' status webhook) and falls back; in the caller's transaction when given. */
  async failAndFallBack(manager: EntityManager, notificationId: string, reason: string): Promise<boolean> {
    const [failed]: [ClaimedRow[], number] = await manager.query(
      `UPDATE notifications SET status = 'failed', last_error = $2, updated_at = now()
        WHERE id = $1 AND status IN ('pending', 'sending', 'sent')
       RETURNING id, event_key, kind, recipient_key, buyer_id, wave_id, order_id, channel, address, language, params`,
      [notificationId, reason.slice(0, 500)],
    );
    if (!failed[0]) return false;
    return this.fallBack(manager, failed[0]);
  }

  private async fail(row: ClaimedRow, reason: string): Promise<SendOutcome> {
    const fellBack = await this.dataSource.transaction((manager) => this.failAndFallBack(manager, row.id, reason));
    this.logger.warn(
      `Notification ${row.id} (${row.kind}, ${row.channel}) failed: ${reason}${fellBack ? '; trying the next channel' : ''}`,
    );
    return { kind: fellBack ? 'fell_back' : 'failed' };
  }

  /** The same message on the person's next channel after this one, if they have one. */
  private async fallBack(manager: EntityManager, row: ClaimedRow): Promise<boolean> {
    const later = CHANNELS.slice(CHANNELS.indexOf(row.channel) + 1).filter((channel) => this.drivers[channel].available);
    if (later.length === 0) return false;
    const columns = `event_key, kind, recipient_key, buyer_id, wave_id, order_id, channel, address, language, params`;
    let inserted: unknown[];
    if (row.buyer_id) {
      inserted = await manager.query(
        `INSERT INTO notifications (${columns})
         SELECT $1, $2, $3, b.id, $4, $5, c.channel, ${buyerAddressSql('c.channel')}, $6, $7
           FROM buyers b LEFT JOIN notification_preferences p ON p.buyer_id = b.id
           CROSS JOIN LATERAL (SELECT ch AS channel, ord FROM unnest(${this.records.channelsSql}) WITH ORDINALITY AS u(ch, ord)) c
          WHERE b.id = $8 AND c.channel = ANY ($9::varchar[])
          ORDER BY c.ord LIMIT 1
         ON CONFLICT (event_key, recipient_key, channel) DO NOTHING RETURNING id`,
        [
          row.event_key,
          row.kind,
          row.recipient_key,
          row.wave_id,
          row.order_id,
          row.language,
          JSON.stringify(row.params),
          row.buyer_id,
          later,
        ],
      );
    } else if (!row.buyer_id && row.channel === 'whatsapp' && later.includes('sms')) {
      inserted = await manager.query(
        `INSERT INTO notifications (${columns}) VALUES ($1, $2, $3, NULL, $4, $5, 'sms', $6, $7, $8)
         ON CONFLICT (event_key, recipient_key, channel) DO NOTHING RETURNING id`,
        [row.event_key, row.kind, row.recipient_key, row.wave_id, row.order_id, row.address, row.language, JSON.stringify(row.params)],
      );
    } else return false;
    if (inserted.length > 0) await this.records.wake(manager);
    return inserted.length > 0;
  }

  /** A reminder about a moment that has passed: "opens in one hour" once it opened, "closes in 4 h" once it closed. */
  private async stale(row: ClaimedRow): Promise<boolean> {
    const moment = STALE_AFTER[row.kind];
    if (!moment || !row.wave_id) return false;
    const [wave]: { past: boolean }[] = await this.dataSource.query(`SELECT ${moment} <= now() AS past FROM waves WHERE id = $1`, [
      row.wave_id,
    ]);
    return wave?.past ?? false;
  }

  /** The purchase order by email comes with its PDF and its CSV loading list, made when sent (the current amendments included). */
  private async attachments(row: ClaimedRow): Promise<OutgoingMessage['attachments']> {
    if (row.channel !== 'email' || row.kind !== 'purchase_order_issued' || !row.params.purchaseOrderId) return undefined;
    const document = await loadPurchaseOrderDocument(this.dataSource.manager, row.params.purchaseOrderId);
    if (!document) return undefined;
    return [
      {
        filename: `${document.number}.pdf`,
        content: await purchaseOrderPdf(document, pdfTextFor(row.language)),
        contentType: 'application/pdf',
      },
      {
        filename: `${document.number}.csv`,
        content: Buffer.from(purchaseOrderCsv(document), 'utf8'),
        contentType: 'text/csv; charset=utf-8',
      },
    ];
  }

  /** The row's raw facts as the person reads them: Rp 220.000, 08-04-2020 17:00 WIB, links. */
  private withLinks(row: ClaimedRow): Record<string, string> {
    const params = { ...row.params };
    if (params.totalRp !== undefined) params.amount = formatRp(Number(params.totalRp));
    if (params.paymentDeadline) params.paymentDeadline = formatWib(toWib(new Date(params.paymentDeadline)));
    if (params.closesAt) params.closesAt = formatWib(toWib(new Date(params.closesAt)));
    if (params.opensAt) params.opensAt = formatWib(toWib(new Date(params.opensAt)));
    if (params.refundRp !== undefined) params.refund = formatRp(Number(params.refundRp));
    if (params.handOutDate) params.handOutDate = formatDate(params.handOutDate);
    if (params.cancelReason) params.reason = cancelReasonText(params.cancelReason, row.language);
    // A point without opening hours (or a row written before they existed) reads a hint in the person's language.
    if (params.point !== undefined) params.openingHours = openingHoursText(params.openingHours, row.language);
    if (params.purchaseOrderId) params.link ??= this.links.purchaseOrder(params.purchaseOrderId);
    if (params.droppingPointId) params.link ??= this.links.desk(params.droppingPointId);
    if (row.order_id) params.link ??= this.links.order(row.order_id);
    else if (row.wave_id) params.link ??= this.links.wave(row.wave_id);
    if (row.buyer_id) params.unsubscribeLink ??= this.links.unsubscribe(row.buyer_id);
    return params;
  }
}
