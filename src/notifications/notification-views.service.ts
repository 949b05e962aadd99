import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { Environment } from '../config/environment';
import { OrdersService } from '../orders/orders.service';
import { Links } from './links';
import { CHANNELS } from './notification.entity';
import type { ContactDto, PreferencesDto } from './dto/preferences.dto';
import { toE164Digits } from './phone';

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
    await this.dataSource.transaction(async (manager) => {
      // Serialises changes of one buyer's preferences (a missing row is inserted first, as the defaults).
      await manager.query(`INSERT INTO notification_preferences (buyer_id) VALUES ($1) ON CONFLICT (buyer_id) DO NOTHING`, [buyerId]);
      const [current]: { whatsapp: boolean; sms: boolean; email: string | null }[] = await manager.query(
        'SELECT whatsapp, sms, email FROM notification_preferences WHERE buyer_id = $1 FOR UPDATE',
        [buyerId],
      );
      const whatsapp = dto.whatsapp ?? current.whatsapp;
      const sms = dto.sms ?? current.sms;
      const email = dto.email !== undefined ? dto.email : current.email;
      // Order and payment messages cannot be turned off while an order is open: some channel must stay.
      if (!whatsapp && !sms && !email) {
        const open: unknown[] = await manager.query(
          `SELECT 1 FROM orders WHERE buyer_id = $1 AND status IN ('placed', 'paid', 'ready', 'out_for_delivery') LIMIT 1`,
          [buyerId],
        );
        if (open.length > 0) {
          throw DomainError.validation(
            dto.sms === false ? 'sms' : dto.whatsapp === false ? 'whatsapp' : 'email',
            'While an order is open its messages need a channel: keep WhatsApp or SMS on, or give an email address',
          );
        }
      }
      await this.upsertPreferences(manager, buyerId, dto);
    });
    return this.preferences(user);
  }

  private async upsertPreferences(manager: EntityManager, buyerId: string, dto: PreferencesDto): Promise<void> {
    await manager.query(
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
  }

  /** A staff member's phone and email for the messages of their work (goods on the way, a purchase order). */
  async contact(user: AuthUser) {
    const [row]: { phone: string | null; email: string | null; language: string }[] = await this.dataSource.query(
      'SELECT phone, email, language FROM notification_contacts WHERE user_id = $1',
      [user.userId],
    );
    return row ?? { phone: null, email: null, language: 'id' };
  }

  async updateContact(user: AuthUser, dto: ContactDto) {
    let phone: string | null | undefined = dto.phone;
    if (typeof phone === 'string') {
      phone = toE164Digits(phone);
      if (!phone) throw DomainError.validation('phone', 'phone must be an Indonesian mobile number (08..., +62 8...)');
    }
    await this.dataSource.query(
      `INSERT INTO notification_contacts (user_id, phone, email, language) VALUES ($1, $2, $3, coalesce($4, 'id'))
       ON CONFLICT (user_id) DO UPDATE SET phone = CASE WHEN $5 THEN $2 ELSE notification_contacts.phone END,
         email = CASE WHEN $6 THEN $3 ELSE notification_contacts.email END,
         language = coalesce($4, notification_contacts.language), updated_at = now()`,
      [user.userId, phone ?? null, dto.email ?? null, dto.language ?? null, dto.phone !== undefined, dto.email !== undefined],
    );
    return this.contact(user);
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
