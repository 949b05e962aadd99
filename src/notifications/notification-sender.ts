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
import { CHANNELS, Channel } from './notification.entity';
import { NotificationRepository, NotificationRow } from './notification.repository';
import { cancelReasonText, isKind, openingHoursText, render } from './templates';

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
    private readonly notifications: NotificationRepository,
    env: Environment,
    whatsapp: WhatsAppCloudDriver,
    sms: SmsGatewayDriver,
    email: SmtpEmailDriver,
  ) {
    this.drivers = { whatsapp, sms, email };
    this.links = new Links(env);
  }

  async send(notificationId: string, finalAttempt: boolean): Promise<SendOutcome> {
    const row = await this.notifications.claimForSending(notificationId);
    if (!row) {
      const until = await this.notifications.notBefore(notificationId);
      return until ? { kind: 'later', until } : { kind: 'done' };
    }
    if (await this.stale(row)) {
      await this.notifications.skipPastItsMoment(row.id);
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
      await this.notifications.markSent(row.id, providerMessageId, rendered.text);
      return { kind: 'sent' };
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      if (error instanceof PermanentSendError || finalAttempt) return this.fail(row, message);
      await this.notifications.noteError(row.id, message);
      throw error;
    }
  }

  /** Ends a row as failed (from a send or a 'failed' status webhook) and falls back; in the caller's transaction when given. */
  async failAndFallBack(manager: EntityManager, notificationId: string, reason: string): Promise<boolean> {
    const failed = await this.notifications.fail(manager, notificationId, reason.slice(0, 500));
    if (!failed) return false;
    return this.fallBack(manager, failed);
  }

  private async fail(row: NotificationRow, reason: string): Promise<SendOutcome> {
    const fellBack = await this.dataSource.transaction((manager) => this.failAndFallBack(manager, row.id, reason));
    this.logger.warn(
      `Notification ${row.id} (${row.kind}, ${row.channel}) failed: ${reason}${fellBack ? '; trying the next channel' : ''}`,
    );
    return { kind: fellBack ? 'fell_back' : 'failed' };
  }

  /** The same message on the person's next channel after this one, if they have one. */
  private async fallBack(manager: EntityManager, row: NotificationRow): Promise<boolean> {
    const later = CHANNELS.slice(CHANNELS.indexOf(row.channel) + 1).filter((channel) => this.drivers[channel].available);
    if (later.length === 0) return false;
    if (row.buyerId) return this.notifications.toBuyerOnChannel(manager, row, later);
    if (row.channel === 'whatsapp' && later.includes('sms')) return this.notifications.bySmsToSameNumber(manager, row);
    return false;
  }

  /** A reminder about a moment that has passed: "opens in one hour" once it opened, "closes in 4 h" once it closed. */
  private async stale(row: NotificationRow): Promise<boolean> {
    const moment = STALE_AFTER[row.kind];
    if (!moment || !row.waveId) return false;
    return this.notifications.waveMomentPassed(row.waveId, moment);
  }

  /** The purchase order by email comes with its PDF and its CSV loading list, made when sent (the current amendments included). */
  private async attachments(row: NotificationRow): Promise<OutgoingMessage['attachments']> {
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
  private withLinks(row: NotificationRow): Record<string, string> {
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
    if (row.orderId) params.link ??= this.links.order(row.orderId);
    else if (row.waveId) params.link ??= this.links.wave(row.waveId);
    if (row.buyerId) params.unsubscribeLink ??= this.links.unsubscribe(row.buyerId);
    return params;
  }
}
