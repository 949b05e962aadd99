import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { waveTakesOrdersSql } from '../waves/wave-transitions';
import { NotificationRecords, orderMessagesSql } from './notification-records';

const SWEEP = 'wave.reminders';

/**
 * The timed messages: a reminder is due when its instant (an hour before a wave opens, 24 h and 4 h
 * before it closes, 24 h before the payment deadline, 06.00 WIB of the hand-out day by default) falls between
 * the last sweep's watermark and now. Announcements become fan-outs (streamed after commit, quiet
 * hours and the announcements choice respected); order reminders become one row per order. The
 * unique keys (fan-out event_key; notification (event, recipient, channel)) keep each one exactly
 * once however often the sweep runs over the same instant.
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
                AND o.fulfilment = 'pickup' AND o.status IN ('placed', 'paid', 'ready')`,
    },
  ] as const;

type OrderReminder = ReturnType<typeof reminderOrders>[number];

@Injectable()
export class WaveRemindersSweep implements OnApplicationBootstrap {
  private readonly flight = new SingleFlight(() => this.run());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: NotificationRecords,
    private readonly tasks: PeriodicTasks,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.every('wave-reminders-sweep', Math.max(this.env.NOTIFY_SWEEP_MS, 1000), this.flight, { exclusive: true });
  }

  /** Records the reminders that fell due since the last sweep; answers how many fan-outs and rows it wrote. */
  sweep(): Promise<number> {
    return this.flight.join();
  }

  private run(): Promise<number> {
    return this.records.sweepSince(this.dataSource, SWEEP, async (manager, watermark) => {
      let written = 0;
      for (const reminder of REMINDER_FANOUTS) written += await this.fanOuts(manager, reminder, watermark);
      let rows = 0;
      for (const reminder of reminderOrders(this.env.NOTIFY_HAND_OUT_REMINDER_HOUR)) {
        rows += await this.orderReminders(manager, reminder, watermark);
      }
      if (rows > 0) await this.records.wake(manager);
      return written + rows;
    });
  }

  private async fanOuts(manager: EntityManager, reminder: (typeof REMINDER_FANOUTS)[number], watermark: Date): Promise<number> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notification_fanouts (event_key, kind, wave_id)
       SELECT $2 || ':' || w.id, $3, w.id FROM waves w
        WHERE ${reminder.instant} > $1::timestamptz AND ${reminder.instant} <= now() AND ${reminder.condition}
       ON CONFLICT (event_key) DO NOTHING RETURNING 1`,
      [watermark, reminder.key, reminder.kind],
    );
    return inserted.length;
  }

  private async orderReminders(manager: EntityManager, reminder: OrderReminder, watermark: Date): Promise<number> {
    const written: unknown[] = await manager.query(
      orderMessagesSql(
        this.records.channelsSql,
        `SELECT o.id AS order_id, $2 || ':' || o.id AS event_key, '{}'::jsonb AS extra
           FROM waves w JOIN orders o ON o.wave_id = w.id
          WHERE ${reminder.instant} > $1::timestamptz AND ${reminder.instant} <= now() AND ${reminder.condition}`,
        '$3',
      ),
      [watermark, reminder.key, reminder.kind],
    );
    return written.length;
  }
}
