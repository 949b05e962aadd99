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
import { NotificationRepository } from './notification.repository';
import type { ContactDto, PreferencesDto } from './dto/preferences.dto';
import { toE164Digits } from './phone';

const STATUSES = ['pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped'] as const;

/** What people see of their messages: the administrator per wave, the buyer per order, and their preferences. */
@Injectable()
export class NotificationViews {
  private readonly links: Links;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly orders: OrdersService,
    env: Environment,
  ) {
    this.links = new Links(env);
  }

  /** Per channel, how many messages of the wave stand at each status. */
  async waveCounts(waveId: string) {
    if (!(await this.notifications.waveExists(waveId))) throw DomainError.notFound('Wave');
    const rows = await this.notifications.waveCounts(waveId);
    const byChannel = Object.fromEntries(CHANNELS.map((channel) => [channel, Object.fromEntries(STATUSES.map((status) => [status, 0]))]));
    for (const row of rows) byChannel[row.channel][row.status] = row.n;
    return { waveId, total: rows.reduce((sum, row) => sum + row.n, 0), byChannel };
  }

  /** The messages about one order, as its buyer (or the officer, the administrator) may see them. */
  async orderMessages(orderId: string, user: AuthUser) {
    const order = await this.orders.get(orderId, user);
    const messages = await this.notifications.ofOrder(order.id, order.buyerId);
    return {
      orderId: order.id,
      messages: messages.map((message) => ({
        id: message.id,
        kind: message.kind,
        channel: message.channel,
        status: message.status,
        text: message.body,
        createdAt: toWib(message.createdAt),
        sentAt: toWib(message.sentAt),
        deliveredAt: toWib(message.deliveredAt),
        readAt: toWib(message.readAt),
      })),
    };
  }

  async preferences(user: AuthUser) {
    const buyerId = this.buyerOf(user);
    const row = await this.notifications.preferences(buyerId);
    return {
      ...(row ?? { language: 'id', whatsapp: true, sms: true, email: null, announcements: true }),
      unsubscribeLink: this.links.unsubscribe(buyerId),
    };
  }

  async updatePreferences(user: AuthUser, dto: PreferencesDto) {
    const buyerId = this.buyerOf(user);
    await this.dataSource.transaction(async (manager) => {
      // Serialises changes of one buyer's preferences.
      const current = await this.notifications.lockChannels(manager, buyerId);
      const whatsapp = dto.whatsapp ?? current.whatsapp;
      const sms = dto.sms ?? current.sms;
      const email = dto.email !== undefined ? dto.email : current.email;
      // Order and payment messages cannot be turned off while an order is open: some channel must stay.
      if (!whatsapp && !sms && !email) {
        if (await this.notifications.hasOpenOrder(manager, buyerId)) {
          throw DomainError.validation(
            dto.sms === false ? 'sms' : dto.whatsapp === false ? 'whatsapp' : 'email',
            'While an order is open its messages need a channel: keep WhatsApp or SMS on, or give an email address',
          );
        }
      }
      await this.notifications.changePreferences(manager, buyerId, dto);
    });
    return this.preferences(user);
  }

  /** A staff member's phone and email for the messages of their work (goods on the way, a purchase order). */
  async contact(user: AuthUser) {
    return (await this.notifications.contact(user.userId)) ?? { phone: null, email: null, language: 'id' };
  }

  async updateContact(user: AuthUser, dto: ContactDto) {
    let phone: string | null | undefined = dto.phone;
    if (typeof phone === 'string') {
      phone = toE164Digits(phone);
      if (!phone) throw DomainError.validation('phone', 'phone must be an Indonesian mobile number (08..., +62 8...)');
    }
    await this.notifications.changeContact(user.userId, { phone, email: dto.email, language: dto.language });
    return this.contact(user);
  }

  /** One tap from a message: no login, the signed token names the buyer. */
  async unsubscribe(token: string) {
    const buyerId = this.links.buyerOfToken(token);
    if (!buyerId) throw DomainError.validation('token', 'token is not a valid unsubscribe link');
    if (!(await this.notifications.buyerExists(buyerId))) throw DomainError.notFound('Buyer');
    await this.notifications.stopAnnouncements(buyerId);
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
