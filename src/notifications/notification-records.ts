import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import type { Channel } from './notification.entity';
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
 * Writes notification rows, always in the caller's transaction: the row is the record of the
 * message and the outbox of its job (the relay queues rows whose queued_at is NULL after commit).
 * A second write for the same (event, recipient, channel) is a no-op.
 */
@Injectable()
export class NotificationRecords {
  /** The buyer channel choice for this configuration (see buyerChannelsSql). */
  readonly channelsSql: string;

  constructor(env: Environment) {
    this.channelsSql = buyerChannelsSql(env);
  }

  /**
   * One run of the sweep `name` in a transaction: `body` gets what happened since the last run's
   * start (the watermark, locked so that one instance sweeps at a time), and the watermark moves to
   * this run's start. The first run of a new deployment starts now: what came before was not its to tell.
   */
  sweepSince<T>(dataSource: DataSource, name: string, body: (manager: EntityManager, watermark: Date) => Promise<T>): Promise<T> {
    return dataSource.transaction(async (manager) => {
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
}
