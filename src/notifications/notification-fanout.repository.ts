import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { waveOpenToSql, waveTakesOrdersSql } from '../waves/wave-transitions';
import { buyerAddressSql, NotificationRepository } from './notification.repository';
import { NOT_ORDERED_KINDS, type NotificationKind } from './templates';

/** How long a worker owns the fan-out it took; one that died lets it go after this. */
const CLAIM_SECONDS = 60;

/**
 * The timed announcements: each is due when its instant (an hour before a wave opens, 24 h and 4 h
 * before it closes) falls between the last sweep's watermark and now, and becomes a fan-out.
 */
export const REMINDER_FANOUTS = [
  {
    kind: 'wave_opening_soon',
    key: 'wave.opening_soon',
    instant: `w.opens_at - interval '1 hour'`,
    condition: `w.status = 'scheduled' AND w.opens_at > now()`,
  },
  {
    kind: 'wave_closing_24h',
    key: 'wave.closing_24h',
    instant: `w.closes_at - interval '24 hours'`,
    // When the 4-hour reminder is due already, the 24-hour one is not sent as well.
    condition: `${waveTakesOrdersSql('w')} AND w.closes_at > now() + interval '4 hours'`,
  },
  {
    kind: 'wave_closing_4h',
    key: 'wave.closing_4h',
    instant: `w.closes_at - interval '4 hours'`,
    condition: waveTakesOrdersSql('w'),
  },
] as const;

/** A fan-out a worker took: the event, and how far its pages got. */
export interface ClaimedFanout {
  id: string;
  eventKey: string;
  kind: string;
  waveId: string;
  /** The last buyer id of the last page queued; null before the first. */
  cursor: string | null;
}

/** What a fan-out's messages say of their wave. */
export interface FanoutWave {
  name: string;
  opensAt: Date;
  closesAt: Date;
}

/** A page written: its last buyer id (null: no buyers left) and the ids of the rows to queue. */
export interface FanoutPage {
  last: string | null;
  ids: string[];
}

/** The fan-outs (notification_fanouts): one message to every eligible buyer of a wave, written page by page after commit. */
@Injectable()
export class NotificationFanoutRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
  ) {}

  /** Records a fan-out of the wave (with `opensLater`, only when the wave opens later); a second one of the event is a no-op. */
  async record(
    manager: EntityManager,
    fanout: { kind: NotificationKind; eventKey: string; waveId: string },
    opensLater = false,
  ): Promise<void> {
    const condition = opensLater ? 'opens_at > now()' : 'TRUE';
    await manager.query(
      `INSERT INTO notification_fanouts (event_key, kind, wave_id) SELECT $1, $2, id FROM waves WHERE id = $3 AND ${condition}
       ON CONFLICT (event_key) DO NOTHING`,
      [fanout.eventKey, fanout.kind, fanout.waveId],
    );
  }

  /** Records the fan-outs of the reminder that fell due since `watermark`; answers how many. */
  async recordDue(manager: EntityManager, reminder: (typeof REMINDER_FANOUTS)[number], watermark: Date): Promise<number> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notification_fanouts (event_key, kind, wave_id)
       SELECT $2 || ':' || w.id, $3, w.id FROM waves w
        WHERE ${reminder.instant} > $1::timestamptz AND ${reminder.instant} <= now() AND ${reminder.condition}
       ON CONFLICT (event_key) DO NOTHING RETURNING 1`,
      [watermark, reminder.key, reminder.kind],
    );
    return inserted.length;
  }

  /** Takes the oldest unfinished fan-out nobody holds (SKIP LOCKED), for CLAIM_SECONDS. */
  async claim(): Promise<ClaimedFanout | undefined> {
    const [claimed]: [{ id: string; event_key: string; kind: string; wave_id: string; cursor: string | null }[], number] =
      await this.dataSource.query(
        `UPDATE notification_fanouts f SET claimed_until = now() + $1 * interval '1 second'
           FROM (SELECT id FROM notification_fanouts WHERE done_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) c
          WHERE f.id = c.id RETURNING f.id, f.event_key, f.kind, f.wave_id, f.cursor`,
        [CLAIM_SECONDS],
      );
    const row = claimed[0];
    return row && { id: row.id, eventKey: row.event_key, kind: row.kind, waveId: row.wave_id, cursor: row.cursor };
  }

  async wave(waveId: string): Promise<FanoutWave | undefined> {
    const [wave]: { name: string; opens_at: Date; closes_at: Date }[] = await this.dataSource.query(
      'SELECT name, opens_at, closes_at FROM waves WHERE id = $1',
      [waveId],
    );
    return wave && { name: wave.name, opensAt: wave.opens_at, closesAt: wave.closes_at };
  }

  /**
   * The next `pageSize` eligible buyers after `cursor` (id order), written as queued rows in one
   * INSERT ... SELECT; a row written before (a page redone) is marked queued again.
   */
  async writePage(
    fanout: ClaimedFanout,
    wave: FanoutWave,
    cursor: string | null,
    notBefore: Date | null,
    pageSize: number,
  ): Promise<FanoutPage> {
    // Reminders to order go to those with no live order in the wave (the page is then a page of them).
    const notOrdered = NOT_ORDERED_KINDS.includes(fanout.kind as NotificationKind)
      ? `\n            AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = b.id AND o.wave_id = $5 AND o.status <> 'cancelled')`
      : '';
    const [row]: FanoutPage[] = await this.dataSource.query(
      `WITH page AS (
         SELECT b.id, b.name, b.phone FROM buyers b JOIN waves w ON w.id = $5
          WHERE ($1::uuid IS NULL OR b.id > $1::uuid) AND ${waveOpenToSql('w', 'b.agency')}${notOrdered}
          ORDER BY b.id LIMIT $2
       ), ins AS (
         INSERT INTO notifications (event_key, kind, recipient_key, buyer_id, wave_id, channel, address, language, params, not_before, queued_at)
         SELECT $3, $4, 'buyer:' || b.id, b.id, $5, c.channel, ${buyerAddressSql('c.channel')}, coalesce(p.language, 'id'),
                jsonb_build_object('name', b.name, 'waveName', $6::text, 'closesAt', $7::text, 'opensAt', $9::text), $8, now()
           FROM page b LEFT JOIN notification_preferences p ON p.buyer_id = b.id
           CROSS JOIN LATERAL (SELECT (${this.notifications.channelsSql})[1] AS channel) c
          WHERE c.channel IS NOT NULL AND coalesce(p.announcements, true)
         ON CONFLICT (event_key, recipient_key, channel) DO UPDATE SET queued_at = now()
         RETURNING id
       )
       SELECT (SELECT id FROM page ORDER BY id DESC LIMIT 1) AS last, ARRAY(SELECT id FROM ins) AS ids`,
      [
        cursor,
        pageSize,
        fanout.eventKey,
        fanout.kind,
        fanout.waveId,
        wave.name,
        wave.closesAt.toISOString(),
        notBefore,
        wave.opensAt.toISOString(),
      ],
    );
    return row;
  }

  /** Moves the fan-out's cursor past the pages queued; `done` ends it, otherwise the claim is renewed. */
  async advance(id: string, cursor: string | null, done: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_fanouts SET cursor = $2, claimed_until = ${done ? 'NULL' : `now() + ${CLAIM_SECONDS} * interval '1 second'`},
              done_at = ${done ? 'now()' : 'NULL'} WHERE id = $1`,
      [id, cursor],
    );
  }
}
