import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { Environment } from '../config/environment';
import { OrdersService } from '../orders/orders.service';
import { Links } from './links';
import { CHANNELS } from './notification.entity';
import type { PreferencesDto } from './dto/preferences.dto';

const STATUSES = ['pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped'] as const;

/** What people see of their messages: the administrator per wave, the buyer per order, and their preferences. */
@Injectable()
export class NotificationViews {
  private readonly links: Links;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    env: Environment,
  ) {
    this.links = new Links(env);
  }

  /** Per channel, how many messages of the wave stand at each status. */
  async waveCounts(waveId: string) {
    const wave: unknown[] = await this.dataSource.query('SELECT 1 FROM waves WHERE id = $1', [waveId]);
    if (wave.length === 0) throw DomainError.notFound('Wave');
    const rows: { channel: string; status: string; n: number }[] = await this.dataSource.query(
      `SELECT channel, status, count(*)::int AS n FROM notifications WHERE wave_id = $1 GROUP BY 1, 2`,
      [waveId],
    );
    const byChannel = Object.fromEntries(CHANNELS.map((channel) => [channel, Object.fromEntries(STATUSES.map((status) => [status, 0]))]));
    for (const row of rows) byChannel[row.channel][row.status] = row.n;
    return { waveId, total: rows.reduce((sum, row) => sum + row.n, 0), byChannel };
  }

  /** The messages about one order, as its buyer (or the officer, the administrator) may see them. */
  async orderMessages(orderId: string, user: AuthUser) {
    const order = await this.orders.get(orderId, user);
    const rows: {
      id: string;
      kind: string;
      channel: string;
      status: string;
      body: string | null;
      created_at: Date;
      sent_at: Date | null;
      delivered_at: Date | null;
      read_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT id, kind, channel, status, body, created_at, sent_at, delivered_at, read_at FROM notifications
          WHERE order_id = $1 AND buyer_id = $2 ORDER BY id`,
      [order.id, order.buyerId],
    );
    return {
      orderId: order.id,
      messages: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        channel: row.channel,
        status: row.status,
        text: row.body,
        createdAt: toWib(row.created_at),
        sentAt: toWib(row.sent_at),
        deliveredAt: toWib(row.delivered_at),
        readAt: toWib(row.read_at),
      })),
    };
  }

  async preferences(user: AuthUser) {
    const buyerId = this.buyerOf(user);
    const [row]: { language: string; whatsapp: boolean; sms: boolean; email: string | null; announcements: boolean }[] =
      await this.dataSource.query(
        'SELECT language, whatsapp, sms, email, announcements FROM notification_preferences WHERE buyer_id = $1',
        [buyerId],
      );
    return {
      ...(row ?? { language: 'id', whatsapp: true, sms: true, email: null, announcements: true }),
      unsubscribeLink: this.links.unsubscribe(buyerId),
    };
  }

  async updatePreferences(user: AuthUser, dto: PreferencesDto) {
    const buyerId = this.buyerOf(user);
    await this.dataSource.query(
      `INSERT INTO notification_preferences (buyer_id, language, whatsapp, sms, email, announcements)
       VALUES ($1, coalesce($2, 'id'), coalesce($3, true), coalesce($4, true), $5, coalesce($6, true))
       ON CONFLICT (buyer_id) DO UPDATE SET
         language = coalesce($2, notification_preferences.language), whatsapp = coalesce($3, notification_preferences.whatsapp),
         sms = coalesce($4, notification_preferences.sms), email = CASE WHEN $7 THEN $5 ELSE notification_preferences.email END,
         announcements = coalesce($6, notification_preferences.announcements), updated_at = now()`,
      [
        buyerId,
        dto.language ?? null,
        dto.whatsapp ?? null,
        dto.sms ?? null,
        dto.email ?? null,
        dto.announcements ?? null,
        dto.email !== undefined,
      ],
    );
    return this.preferences(user);
  }

  /** One tap from a message: no login, the signed token names the buyer. */
  async unsubscribe(token: string) {
    const buyerId = this.links.buyerOfToken(token);
    if (!buyerId) throw DomainError.validation('token', 'token is not a valid unsubscribe link');
    const exists: unknown[] = await this.dataSource.query('SELECT 1 FROM buyers WHERE id = $1', [buyerId]);
    if (exists.length === 0) throw DomainError.notFound('Buyer');
    await this.dataSource.query(
      `INSERT INTO notification_preferences (buyer_id, announcements) VALUES ($1, false)
       ON CONFLICT (buyer_id) DO UPDATE SET announcements = false, updated_at = now()`,
      [buyerId],
    );
    return {
      unsubscribed: true,
      message: 'Anda tidak akan menerima pengumuman gelombang lagi. Pesan tentang pesanan dan pembayaran tetap dikirim.',
      messageEn: 'You will receive no more wave announcements. Messages about your orders and payments still come.',
    };
  }

  private buyerOf(user: AuthUser): string {
    if (!user.buyerId) throw DomainError.forbidden('Only buyers have notification preferences');
    return user.buyerId;
  }
}
