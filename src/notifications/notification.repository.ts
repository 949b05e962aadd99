import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { AWAITING_HAND_OVER_STATES, LIVE_ORDER_STATES, orderStatesSql } from '../orders/order-transitions';
import {
  Channel,
  FAILABLE_NOTIFICATION_STATUSES,
  notificationStatusesSql,
  SENDING_OR_ACCEPTED_STATUSES,
  UNSENT_NOTIFICATION_STATUSES,
} from './notification.entity';
import { e164DigitsSql } from './phone';
import type { Language, NotificationKind } from './templates';

export const NOTIFICATIONS_CHANNEL = 'notifications';

/**
 * The channels a buyer can be reached on, best first: WhatsApp, then SMS (both to the roster phone)
 * and email (the address in their preferences), each unless they turned it off or it is not
 * configured (driver `off`). SQL over `b` (buyers) and `p` (notification_preferences, LEFT JOINed).
 */
export function buyerChannelsSql(env: Pick<Environment, 'WHATSAPP_DRIVER' | 'SMS_DRIVER' | 'EMAIL_DRIVER'>): string {
  const on = (driver: string) => (driver === 'off' ? 'false' : 'true');
  return `array_remove(ARRAY[
    CASE WHEN ${on(env.WHATSAPP_DRIVER)} AND coalesce(p.whatsapp, true) AND ${e164DigitsSql('b.phone')} IS NOT NULL THEN 'whatsapp' END,
    CASE WHEN ${on(env.SMS_DRIVER)} AND coalesce(p.sms, true) AND ${e164DigitsSql('b.phone')} IS NOT NULL THEN 'sms' END,
    CASE WHEN ${on(env.EMAIL_DRIVER)} AND p.email IS NOT NULL THEN 'email' END]::varchar[], NULL)`;
}

/** The address of `channel` (a SQL expression naming the channel) for buyer `b`. */
export const buyerAddressSql = (channel: string) => `(CASE WHEN ${channel} = 'email' THEN p.email ELSE ${e164DigitsSql('b.phone')} END)`;

/**
 * The facts of an order a message may carry, raw (the sender formats amounts and times): SQL over
 * `o` (orders), `b` (buyers), `w` (waves), `dp` (dropping_points). Only the order's own buyer's data.
 */
const ORDER_PARAMS_SQL = `jsonb_build_object('name', b.name, 'pickupCode', o.pickup_code, 'totalRp', o.total_rp::text, 'waveName', w.name,
    'paymentDeadline', w.payment_deadline, 'handOutDate', w.hand_out_date::text, 'point', dp.name,
    'openingHours', coalesce(dp.opening_hours, ''))`;

/**
 * INSERT of one message per order row that `source` yields (columns: order_id, event_key, extra
 * jsonb), to the order's buyer on their first channel.
 */
export const orderMessagesSql = (channelsSql: string, source: string, kindParam: string) => `
  INSERT INTO notifications (event_key, kind, recipient_key, buyer_id, wave_id, order_id, channel, address, language, params)
  SELECT m.event_key, ${kindParam}, 'buyer:' || b.id, b.id, o.wave_id, o.id, c.channel, ${buyerAddressSql('c.channel')}, coalesce(p.language, 'id'),
         ${ORDER_PARAMS_SQL} || m.extra
    FROM (${source}) m
    JOIN orders o ON o.id = m.order_id
    JOIN buyers b ON b.id = o.buyer_id
    JOIN waves w ON w.id = o.wave_id
    JOIN dropping_points dp ON dp.id = o.dropping_point_id
    LEFT JOIN notification_preferences p ON p.buyer_id = b.id
    CROSS JOIN LATERAL (SELECT (${channelsSql})[1] AS channel) c
   WHERE c.channel IS NOT NULL
  ON CONFLICT (event_key, recipient_key, channel) DO NOTHING
  RETURNING 1 AS written`;

export interface OrderMessages {
  kind: NotificationKind;
  /** One per order; `eventKey` is the event's identity (`order.paid:<order id>`): one message per person per channel. */
  items: { orderId: string; eventKey: string }[];
  /** Parameters beyond the order's own (a tracking link, a reason). */
  extra?: Record<string, string>;
}

/**
 * How far back the placed-orders sweep looks before its watermark. An order's placed_at is its
 * transaction's start; a batch commits a few milliseconds later, so an order becomes visible after
 * a sweep that passed its placed_at only within this margin.
 */
const PLACED_OVERLAP = '15 seconds';

/** The columns a message written again on another channel copies. */
const RESENT_COLUMNS = `event_key, kind, recipient_key, buyer_id, wave_id, order_id, channel, address, language, params`;

/** A notification row as the sender works it. */
export interface NotificationRow {
  id: string;
  eventKey: string;
  kind: string;
  recipientKey: string;
  buyerId: string | null;
  waveId: string | null;
  orderId: string | null;
  channel: Channel;
  address: string;
  language: Language;
  params: Record<string, string>;
}

interface NotificationRecord {
  id: string;
  event_key: string;
  kind: string;
  recipient_key: string;
  buyer_id: string | null;
  wave_id: string | null;
  order_id: string | null;
  channel: Channel;
  address: string;
  language: Language;
  params: Record<string, string>;
}

const notificationRow = (row: NotificationRecord): NotificationRow => ({
  id: row.id,
  eventKey: row.event_key,
  kind: row.kind,
  recipientKey: row.recipient_key,
  buyerId: row.buyer_id,
  waveId: row.wave_id,
  orderId: row.order_id,
  channel: row.channel,
  address: row.address,
  language: row.language,
  params: row.params,
});

/** A timed reminder to the buyers of orders: due when `instant` (SQL over `w` waves) passes, to the orders `condition` (over `w`, `o` orders) keeps. */
export interface OrderReminder {
  kind: NotificationKind;
  key: string;
  instant: string;
  condition: string;
}

/** The order reminders; the hand-out one at `handOutHour` WIB of the hand-out day (NOTIFY_HAND_OUT_REMINDER_HOUR). */
export const reminderOrders = (handOutHour: number) =>
  [
    {
      kind: 'payment_due_tomorrow',
      key: 'payment.due_tomorrow',
      instant: `w.payment_deadline - interval '24 hours'`,
      condition: `w.payment_deadline > now() AND o.status = 'placed'`,
    },
    {
      kind: 'hand_out_reminder',
      key: 'hand_out.reminder',
      instant: `(w.hand_out_date + make_interval(hours => ${Math.trunc(handOutHour)})) AT TIME ZONE 'Asia/Jakarta'`,
      condition: `(w.hand_out_date + time '00:00') AT TIME ZONE 'Asia/Jakarta' + interval '1 day' > now()
                AND o.fulfilment = 'pickup' AND o.status IN ${orderStatesSql(AWAITING_HAND_OVER_STATES)}`,
    },
  ] as const satisfies readonly OrderReminder[];

/** A message of a buyer's order, as the buyer reads it in the order's page. */
export interface OrderMessage {
  id: string;
  kind: string;
  channel: string;
  status: string;
  body: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
}

export interface Preferences {
  language: string;
  whatsapp: boolean;
  sms: boolean;
  email: string | null;
  announcements: boolean;
}

/** A change of preferences; undefined leaves a field as it is (`email: null` removes the address). */
export type PreferencesChange = Partial<Preferences>;

export interface Contact {
  phone: string | null;
  email: string | null;
  language: string;
}

/** A change of a staff member's contact; undefined leaves a field as it is. */
export type ContactChange = { phone?: string | null; email?: string | null; language?: string };

/** A staff member at their notification contact. */
export interface StaffContact {
  userId: string;
  phone: string | null;
  email: string | null;
  language: Language;
}

/** Whose staff hear a message: the officers of a dropping point, or the managers of a cooperative. */
export type StaffAudience = { droppingPointId: string } | { cooperativeId: string };

/** A purchase order that orders cancelled after its issue amend. */
export interface PurchaseOrderAmendment {
  purchaseOrderId: string;
  number: string;
  cooperativeId: string;
  cooperative: string;
  /** The cooperative's phone as E.164 digits; null when it has none a message reaches. */
  phone: string | null;
  waveId: string;
  wave: string;
  orders: number;
  kg: number;
}

export interface ShipmentFacts {
  waveId: string;
  wave: string;
  cooperative: string;
  point: string;
  manifest: { sizeKg: number; packs: number }[];
}

export interface FailedTripFacts {
  waveId: string;
  pickupCode: string;
  pointId: string;
  point: string;
}

export interface IssuedPurchaseOrder {
  cooperativeId: string;
  cooperative: string;
  /** E.164 digits; null when the cooperative has no phone a message reaches. */
  phone: string | null;
  number: string;
  waveId: string;
  wave: string;
}

/**
 * The notification rows and what decides them: preferences, staff contacts, the sweeps' watermarks,
 * the webhooks seen. A row is the record of the message and the outbox of its job (the relay queues
 * rows whose queued_at is NULL after commit); rows are written in the caller's transaction, and a
 * second write for the same (event, recipient, channel) is a no-op.
 */
@Injectable()
export class NotificationRepository {
  /** The buyer channel choice for this configuration (see buyerChannelsSql). */
  readonly channelsSql: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    env: Environment,
  ) {
    this.channelsSql = buyerChannelsSql(env);
  }

  /**
   * One run of the sweep `name` in a transaction: `body` gets what happened since the last run's
   * start (the watermark, locked so that one instance sweeps at a time), and the watermark moves to
   * this run's start. The first run of a new deployment starts now: what came before was not its to tell.
   */
  sweepSince<T>(name: string, body: (manager: EntityManager, watermark: Date) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO notification_sweeps (name, watermark) VALUES ($1, now()) ON CONFLICT (name) DO NOTHING`, [name]);
      const [{ watermark }]: { watermark: Date }[] = await manager.query(
        'SELECT watermark FROM notification_sweeps WHERE name = $1 FOR UPDATE',
        [name],
      );
      const result = await body(manager, watermark);
      await manager.query('UPDATE notification_sweeps SET watermark = now() WHERE name = $1', [name]);
      return result;
    });
  }

  /** One message per order to its buyer on their first channel; answers how many rows it wrote. */
  async forOrders(manager: EntityManager, messages: OrderMessages): Promise<number> {
    if (messages.items.length === 0) return 0;
    const written: unknown[] = await manager.query(
      orderMessagesSql(
        this.channelsSql,
        `SELECT order_id, event_key, $4::jsonb AS extra FROM unnest($1::uuid[], $2::varchar[]) AS u(order_id, event_key)`,
        '$3',
      ),
      [messages.items.map((i) => i.orderId), messages.items.map((i) => i.eventKey), messages.kind, JSON.stringify(messages.extra ?? {})],
    );
    if (written.length > 0) await this.wake(manager);
    return written.length;
  }

  /** One row to a phone number that is not a buyer's (a one-time code, a cooperative). */
  async toPhone(
    manager: EntityManager,
    message: {
      eventKey: string;
      kind: NotificationKind;
      recipientKey: string;
      phone: string;
      channel: Channel;
      language: Language;
      params: Record<string, string>;
      waveId?: string;
    },
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO notifications (event_key, kind, recipient_key, channel, address, language, params, wave_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_key, recipient_key, channel) DO NOTHING RETURNING id`,
      [
        message.eventKey,
        message.kind,
        message.recipientKey,
        message.channel,
        message.phone,
        message.language,
        JSON.stringify(message.params),
        message.waveId ?? null,
      ],
    );
    if (rows.length > 0) await this.wake(manager);
    return rows[0]?.id ?? null;
  }

  /** The relay listens: the NOTIFY is delivered at commit, and not at all on rollback. */
  async wake(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_notify('${NOTIFICATIONS_CHANNEL}', '')`);
  }

  /** Messages of the orders placed since `watermark` (and a little before it); answers how many rows it wrote. */
  async forPlacedOrders(manager: EntityManager, watermark: Date): Promise<number> {
    const written: unknown[] = await manager.query(
      orderMessagesSql(
        this.channelsSql,
        `SELECT o.id AS order_id, 'order.placed:' || o.id AS event_key, '{}'::jsonb AS extra FROM orders o
            WHERE o.placed_at > $1::timestamptz - interval '${PLACED_OVERLAP}' AND o.status <> 'cancelled'`,
        `'order_placed'`,
      ),
      [watermark],
    );
    if (written.length > 0) await this.wake(manager);
    return written.length;
  }

  /** The reminder's messages whose instant fell between `watermark` and now; answers how many rows it wrote (the caller wakes the relay). */
  async forDueOrderReminders(manager: EntityManager, reminder: OrderReminder, watermark: Date): Promise<number> {
    const written: unknown[] = await manager.query(
      orderMessagesSql(
        this.channelsSql,
        `SELECT o.id AS order_id, $2 || ':' || o.id AS event_key, '{}'::jsonb AS extra
           FROM waves w JOIN orders o ON o.wave_id = w.id
          WHERE ${reminder.instant} > $1::timestamptz AND ${reminder.instant} <= now() AND ${reminder.condition}`,
        '$3',
      ),
      [watermark, reminder.key, reminder.kind],
    );
    return written.length;
  }

  /** Each order a confirmed shortfall of the purchase order cut hears what was cut, its new total and the refund it is owed. */
  async forShortfall(manager: EntityManager, purchaseOrderId: string): Promise<number> {
    const written: unknown[] = await manager.query(
      orderMessagesSql(
        this.channelsSql,
        `SELECT c.order_id, 'purchase_order.shortfall:' || c.purchase_order_id || ':' || c.order_id AS event_key,
                jsonb_build_object('cut', string_agg(c.packs_cut || ' x ' || c.size_kg || ' kg ' || pr.name, ', ' ORDER BY pr.name, c.size_kg),
                                   'refundRp', sum(c.refund_due_rp)::text) AS extra
           FROM shortfall_cuts c JOIN wave_products wp ON wp.id = c.wave_product_id JOIN products pr ON pr.id = wp.product_id
          WHERE c.purchase_order_id = $1 GROUP BY c.order_id, c.purchase_order_id`,
        `'order_shortfall'`,
      ),
      [purchaseOrderId],
    );
    if (written.length > 0) await this.wake(manager);
    return written.length;
  }

  /** Claims the row for sending ('pending', or a 'sending' left by a worker that died mid-call), unless it waits for later. */
  async claimForSending(id: string): Promise<NotificationRow | undefined> {
    const [claimed]: [NotificationRecord[], number] = await this.dataSource.query(
      `UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status IN ${notificationStatusesSql(UNSENT_NOTIFICATION_STATUSES)} AND (not_before IS NULL OR not_before <= now())
       RETURNING id, event_key, kind, recipient_key, buyer_id, wave_id, order_id, channel, address, language, params`,
      [id],
    );
    return claimed[0] && notificationRow(claimed[0]);
  }

  /** When a pending row held back (quiet hours) may go; undefined when it is not waiting. */
  async notBefore(id: string): Promise<Date | undefined> {
    const [waiting] = await this.dataSource.query(
      `SELECT not_before FROM notifications WHERE id = $1 AND status = 'pending' AND not_before > now()`,
      [id],
    );
    return waiting?.not_before;
  }

  /** A reminder held back (quiet hours, a long queue) past the moment it was about: not sent. */
  async skipPastItsMoment(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET status = 'skipped', last_error = 'past its moment', updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [id],
    );
  }

  async markSent(id: string, providerMessageId: string, body: string): Promise<void> {
    await this.dataSource.query(
      // A status webhook may have come first and moved the row on already.
      `UPDATE notifications SET status = CASE WHEN status = 'sending' THEN 'sent' ELSE status END, provider_message_id = $2, body = $3,
                sent_at = coalesce(sent_at, now()), last_error = NULL, updated_at = now()
          WHERE id = $1 AND status IN ${notificationStatusesSql(SENDING_OR_ACCEPTED_STATUSES)}`,
      [id, providerMessageId, body],
    );
  }

  /** The error of an attempt that will be retried. */
  async noteError(id: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET last_error = $2, updated_at = now() WHERE id = $1`, [id, error]);
  }

  /** Ends an unsettled row as failed; answers it, or undefined when it was settled already. */
  async fail(manager: EntityManager, id: string, reason: string): Promise<NotificationRow | undefined> {
    const [failed]: [NotificationRecord[], number] = await manager.query(
      `UPDATE notifications SET status = 'failed', last_error = $2, updated_at = now()
        WHERE id = $1 AND status IN ${notificationStatusesSql(FAILABLE_NOTIFICATION_STATUSES)}
       RETURNING id, event_key, kind, recipient_key, buyer_id, wave_id, order_id, channel, address, language, params`,
      [id, reason],
    );
    return failed[0] && notificationRow(failed[0]);
  }

  /** The same message to the row's buyer on the first of `channels` they can be reached on; false when none or written already. */
  async toBuyerOnChannel(manager: EntityManager, row: NotificationRow, channels: Channel[]): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notifications (${RESENT_COLUMNS})
         SELECT $1, $2, $3, b.id, $4, $5, c.channel, ${buyerAddressSql('c.channel')}, $6, $7
           FROM buyers b LEFT JOIN notification_preferences p ON p.buyer_id = b.id
           CROSS JOIN LATERAL (SELECT ch AS channel, ord FROM unnest(${this.channelsSql}) WITH ORDINALITY AS u(ch, ord)) c
          WHERE b.id = $8 AND c.channel = ANY ($9::varchar[])
          ORDER BY c.ord LIMIT 1
         ON CONFLICT (event_key, recipient_key, channel) DO NOTHING RETURNING id`,
      [row.eventKey, row.kind, row.recipientKey, row.waveId, row.orderId, row.language, JSON.stringify(row.params), row.buyerId, channels],
    );
    if (inserted.length > 0) await this.wake(manager);
    return inserted.length > 0;
  }

  /** The same message by SMS to the row's own number; false when written already. */
  async bySmsToSameNumber(manager: EntityManager, row: NotificationRow): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notifications (${RESENT_COLUMNS}) VALUES ($1, $2, $3, NULL, $4, $5, 'sms', $6, $7, $8)
         ON CONFLICT (event_key, recipient_key, channel) DO NOTHING RETURNING id`,
      [row.eventKey, row.kind, row.recipientKey, row.waveId, row.orderId, row.address, row.language, JSON.stringify(row.params)],
    );
    if (inserted.length > 0) await this.wake(manager);
    return inserted.length > 0;
  }

  /** Whether the wave's moment `column` (a timestamp column of waves) has passed. */
  async waveMomentPassed(waveId: string, column: string): Promise<boolean> {
    const [wave]: { past: boolean }[] = await this.dataSource.query(`SELECT ${column} <= now() AS past FROM waves WHERE id = $1`, [waveId]);
    return wave?.past ?? false;
  }

  /** Every row of the event of this row (the message and its fallbacks), by id. */
  async ofSameEvent(id: string): Promise<{ id: string; channel: string; status: string; lastError: string | null }[]> {
    const rows: { id: string; channel: string; status: string; last_error: string | null }[] = await this.dataSource.query(
      `SELECT n.id, n.channel, n.status, n.last_error FROM notifications n
        WHERE n.event_key = (SELECT event_key FROM notifications WHERE id = $1) ORDER BY n.id`,
      [id],
    );
    return rows.map((row) => ({ id: row.id, channel: row.channel, status: row.status, lastError: row.last_error }));
  }

  async waveExists(waveId: string): Promise<boolean> {
    const wave: unknown[] = await this.dataSource.query('SELECT 1 FROM waves WHERE id = $1', [waveId]);
    return wave.length > 0;
  }

  /** How many of the wave's messages stand at each channel and status. */
  async waveCounts(waveId: string): Promise<{ channel: string; status: string; n: number }[]> {
    return this.dataSource.query(`SELECT channel, status, count(*)::int AS n FROM notifications WHERE wave_id = $1 GROUP BY 1, 2`, [
      waveId,
    ]);
  }

  async ofOrder(orderId: string, buyerId: string): Promise<OrderMessage[]> {
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
      [orderId, buyerId],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      status: row.status,
      body: row.body,
      createdAt: row.created_at,
      sentAt: row.sent_at,
      deliveredAt: row.delivered_at,
      readAt: row.read_at,
    }));
  }

  /** The buyer's preferences; undefined while they kept the defaults. */
  async preferences(buyerId: string): Promise<Preferences | undefined> {
    const [row]: Preferences[] = await this.dataSource.query(
      'SELECT language, whatsapp, sms, email, announcements FROM notification_preferences WHERE buyer_id = $1',
      [buyerId],
    );
    return row;
  }

  /** The buyer's channels, locked until the caller's transaction ends (a missing row is inserted first, as the defaults). */
  async lockChannels(manager: EntityManager, buyerId: string): Promise<Pick<Preferences, 'whatsapp' | 'sms' | 'email'>> {
    await manager.query(`INSERT INTO notification_preferences (buyer_id) VALUES ($1) ON CONFLICT (buyer_id) DO NOTHING`, [buyerId]);
    const [current]: Pick<Preferences, 'whatsapp' | 'sms' | 'email'>[] = await manager.query(
      'SELECT whatsapp, sms, email FROM notification_preferences WHERE buyer_id = $1 FOR UPDATE',
      [buyerId],
    );
    return current;
  }

  /** Whether the buyer has an order whose messages are still to come. */
  async hasOpenOrder(manager: EntityManager, buyerId: string): Promise<boolean> {
    const open: unknown[] = await manager.query(
      `SELECT 1 FROM orders WHERE buyer_id = $1 AND status IN ${orderStatesSql(LIVE_ORDER_STATES)} LIMIT 1`,
      [buyerId],
    );
    return open.length > 0;
  }

  async changePreferences(manager: EntityManager, buyerId: string, change: PreferencesChange): Promise<void> {
    await manager.query(
      `INSERT INTO notification_preferences (buyer_id, language, whatsapp, sms, email, announcements)
       VALUES ($1, coalesce($2, 'id'), coalesce($3, true), coalesce($4, true), $5, coalesce($6, true))
       ON CONFLICT (buyer_id) DO UPDATE SET
         language = coalesce($2, notification_preferences.language), whatsapp = coalesce($3, notification_preferences.whatsapp),
         sms = coalesce($4, notification_preferences.sms), email = CASE WHEN $7 THEN $5 ELSE notification_preferences.email END,
         announcements = coalesce($6, notification_preferences.announcements), updated_at = now()`,
      [
        buyerId,
        change.language ?? null,
        change.whatsapp ?? null,
        change.sms ?? null,
        change.email ?? null,
        change.announcements ?? null,
        change.email !== undefined,
      ],
    );
  }

  async buyerExists(buyerId: string): Promise<boolean> {
    const exists: unknown[] = await this.dataSource.query('SELECT 1 FROM buyers WHERE id = $1', [buyerId]);
    return exists.length > 0;
  }

  async stopAnnouncements(buyerId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (buyer_id, announcements) VALUES ($1, false)
       ON CONFLICT (buyer_id) DO UPDATE SET announcements = false, updated_at = now()`,
      [buyerId],
    );
  }

  /** A staff member's contact; undefined while they gave none. */
  async contact(userId: string): Promise<Contact | undefined> {
    const [row]: Contact[] = await this.dataSource.query('SELECT phone, email, language FROM notification_contacts WHERE user_id = $1', [
      userId,
    ]);
    return row;
  }

  async changeContact(userId: string, change: ContactChange): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_contacts (user_id, phone, email, language) VALUES ($1, $2, $3, coalesce($4, 'id'))
       ON CONFLICT (user_id) DO UPDATE SET phone = CASE WHEN $5 THEN $2 ELSE notification_contacts.phone END,
         email = CASE WHEN $6 THEN $3 ELSE notification_contacts.email END,
         language = coalesce($4, notification_contacts.language), updated_at = now()`,
      [userId, change.phone ?? null, change.email ?? null, change.language ?? null, change.phone !== undefined, change.email !== undefined],
    );
  }

  /** Records a webhook body by its hash; false when the same body came before (a replay). */
  async firstWebhook(manager: EntityManager, bodyHash: string): Promise<boolean> {
    const fresh: unknown[] = await manager.query(
      'INSERT INTO notification_webhook_events (body_hash) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1',
      [bodyHash],
    );
    return fresh.length > 0;
  }

  /** The WhatsApp row by our reference (its id) or else by the provider's message id, locked until the caller's transaction ends. */
  async lockWhatsApp(
    manager: EntityManager,
    key: { reference: string } | { providerMessageId: string },
  ): Promise<{ id: string; status: string } | undefined> {
    const reference = 'reference' in key;
    const rows: { id: string; status: string }[] = await manager.query(
      reference
        ? `SELECT id, status FROM notifications WHERE id = $1 AND channel = 'whatsapp' FOR UPDATE`
        : `SELECT id, status FROM notifications WHERE provider_message_id = $1 AND channel = 'whatsapp' FOR UPDATE`,
      [reference ? key.reference : key.providerMessageId],
    );
    return rows[0];
  }

  /** Moves the row on to `status` (sent, delivered, read) as the provider reported it at `at`. */
  async advanceStatus(manager: EntityManager, id: string, status: string, providerMessageId: string | null, at: Date): Promise<void> {
    await manager.query(
      `UPDATE notifications SET status = $2::varchar, provider_message_id = coalesce(provider_message_id, $3), updated_at = now(),
              sent_at = coalesce(sent_at, $4), delivered_at = CASE WHEN $2::varchar IN ('delivered', 'read') THEN coalesce(delivered_at, $4) ELSE delivered_at END,
              read_at = CASE WHEN $2::varchar = 'read' THEN coalesce(read_at, $4) ELSE read_at END
        WHERE id = $1`,
      [id, status, providerMessageId, at],
    );
  }

  /** The staff of the audience who have a notification contact and an enabled account, by id. */
  async staffContacts(manager: EntityManager, audience: StaffAudience): Promise<StaffContact[]> {
    const [userIdsSql, param] =
      'droppingPointId' in audience
        ? [`SELECT user_id FROM officer_dropping_points WHERE dropping_point_id = $1`, audience.droppingPointId]
        : [`SELECT id FROM users WHERE role = 'COOP_MANAGER' AND cooperative_id = $1`, audience.cooperativeId];
    const staff: { user_id: string; phone: string | null; email: string | null; language: Language }[] = await manager.query(
      `SELECT u.id AS user_id, nc.phone, nc.email, nc.language FROM users u JOIN notification_contacts nc ON nc.user_id = u.id
        WHERE u.disabled_at IS NULL AND u.id IN (${userIdsSql}) ORDER BY u.id`,
      [param],
    );
    return staff.map((person) => ({ userId: person.user_id, phone: person.phone, email: person.email, language: person.language }));
  }

  /** The purchase orders that these orders' goods were on, with how many of the orders and kg each loses. */
  async amendmentsBy(manager: EntityManager, orderIds: string[]): Promise<PurchaseOrderAmendment[]> {
    const rows: {
      purchase_order_id: string;
      number: string;
      cooperative_id: string;
      cooperative: string;
      phone: string | null;
      wave_id: string;
      wave: string;
      orders: number;
      kg: number;
    }[] = await manager.query(
      `SELECT po.id AS purchase_order_id, po.number, c.id AS cooperative_id, c.name AS cooperative, ${e164DigitsSql('c.phone')} AS phone,
              w.id AS wave_id, w.name AS wave, count(DISTINCT o.id)::int AS orders, sum(i.size_kg * i.quantity)::int AS kg
         FROM orders o JOIN order_items i ON i.order_id = o.id JOIN wave_products wp ON wp.id = i.wave_product_id
         JOIN purchase_orders po ON po.wave_id = o.wave_id AND po.cooperative_id = wp.cooperative_id
         JOIN cooperatives c ON c.id = po.cooperative_id JOIN waves w ON w.id = po.wave_id
        WHERE o.id = ANY ($1::uuid[]) GROUP BY po.id, c.id, w.id`,
      [orderIds],
    );
    return rows.map((row) => ({
      purchaseOrderId: row.purchase_order_id,
      number: row.number,
      cooperativeId: row.cooperative_id,
      cooperative: row.cooperative,
      phone: row.phone,
      waveId: row.wave_id,
      wave: row.wave,
      orders: row.orders,
      kg: row.kg,
    }));
  }

  /** The point's pickup orders of the wave still to be collected. */
  async pickupOrdersToCollect(manager: EntityManager, waveId: string, droppingPointId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM orders WHERE wave_id = $1 AND dropping_point_id = $2 AND fulfilment = 'pickup' AND status IN ${orderStatesSql(AWAITING_HAND_OVER_STATES)}`,
      [waveId, droppingPointId],
    );
    return rows.map((row) => row.id);
  }

  /** The order of a delivery trip and its courier's tracking link. */
  async tripOrder(manager: EntityManager, tripId: string): Promise<{ orderId: string; trackingUrl: string | null } | undefined> {
    const [trip]: { order_id: string; tracking_url: string | null }[] = await manager.query(
      `SELECT t.order_id, b.tracking_url FROM delivery_trips t LEFT JOIN courier_bookings b ON b.trip_id = t.id WHERE t.id = $1`,
      [tripId],
    );
    return trip && { orderId: trip.order_id, trackingUrl: trip.tracking_url };
  }

  async shipment(manager: EntityManager, shipmentId: string): Promise<ShipmentFacts | undefined> {
    const [shipment]: {
      wave_id: string;
      wave: string;
      cooperative: string;
      point: string;
      manifest: { sizeKg: number; packs: number }[];
    }[] = await manager.query(
      `SELECT w.id AS wave_id, w.name AS wave, c.name AS cooperative, dp.name AS point, s.manifest
           FROM purchase_order_shipments s JOIN purchase_orders po ON po.id = s.purchase_order_id
           JOIN waves w ON w.id = po.wave_id JOIN cooperatives c ON c.id = po.cooperative_id
           JOIN dropping_points dp ON dp.id = s.dropping_point_id WHERE s.id = $1`,
      [shipmentId],
    );
    return (
      shipment && {
        waveId: shipment.wave_id,
        wave: shipment.wave,
        cooperative: shipment.cooperative,
        point: shipment.point,
        manifest: shipment.manifest,
      }
    );
  }

  async failedTrip(manager: EntityManager, tripId: string): Promise<FailedTripFacts | undefined> {
    const [trip]: { wave_id: string; pickup_code: string; point_id: string; point: string }[] = await manager.query(
      `SELECT o.wave_id, o.pickup_code, dp.id AS point_id, dp.name AS point
         FROM delivery_trips t JOIN orders o ON o.id = t.order_id JOIN dropping_points dp ON dp.id = o.dropping_point_id WHERE t.id = $1`,
      [tripId],
    );
    return trip && { waveId: trip.wave_id, pickupCode: trip.pickup_code, pointId: trip.point_id, point: trip.point };
  }

  async issuedPurchaseOrder(manager: EntityManager, purchaseOrderId: string): Promise<IssuedPurchaseOrder | undefined> {
    const [po]: { cooperative_id: string; cooperative: string; phone: string | null; number: string; wave_id: string; wave: string }[] =
      await manager.query(
        `SELECT c.id AS cooperative_id, c.name AS cooperative, ${e164DigitsSql('c.phone')} AS phone, po.number, w.id AS wave_id, w.name AS wave
         FROM purchase_orders po JOIN cooperatives c ON c.id = po.cooperative_id JOIN waves w ON w.id = po.wave_id WHERE po.id = $1`,
        [purchaseOrderId],
      );
    return (
      po && {
        cooperativeId: po.cooperative_id,
        cooperative: po.cooperative,
        phone: po.phone,
        number: po.number,
        waveId: po.wave_id,
        wave: po.wave,
      }
    );
  }

  /** Marks up to `limit` committed, unqueued rows queued (SKIP LOCKED: relays take disjoint batches) and answers them. */
  async markQueued(limit: number): Promise<{ id: string; notBefore: Date | null }[]> {
    const [rows]: [{ id: string; not_before: Date | null }[], number] = await this.dataSource.query(
      `UPDATE notifications n SET queued_at = now()
           FROM (SELECT id FROM notifications WHERE queued_at IS NULL AND status = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) c
          WHERE n.id = c.id RETURNING n.id, n.not_before`,
      [limit],
    );
    return rows.map((row) => ({ id: row.id, notBefore: row.not_before }));
  }

  /** Rows whose jobs Redis refused: the next round queues them. */
  async unmarkQueued(ids: string[]): Promise<void> {
    await this.dataSource.query('UPDATE notifications SET queued_at = NULL WHERE id = ANY ($1::bigint[])', [ids]);
  }

  /** Up to `limit` unsettled rows after `afterId`, queued more than `graceMs` ago, by id. */
  async queuedUnsettled(afterId: string, graceMs: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notifications
          WHERE status IN ${notificationStatusesSql(UNSENT_NOTIFICATION_STATUSES)} AND queued_at < now() - $2 * interval '1 millisecond' AND id > $1
          ORDER BY id LIMIT $3`,
      [afterId, graceMs, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Puts unsettled rows back to pending, to be queued again; answers how many. */
  async requeue(ids: string[]): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET queued_at = NULL, status = 'pending' WHERE id = ANY ($1::bigint[]) AND status IN ${notificationStatusesSql(UNSENT_NOTIFICATION_STATUSES)}`,
      [ids],
    );
    return count;
  }
}
