import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { NotificationFanoutRepository, REMINDER_FANOUTS } from './notification-fanout.repository';
import { NotificationRepository, reminderOrders } from './notification.repository';

const SWEEP = 'wave.reminders';

/**
 * The timed messages: a reminder is due when its instant (an hour before a wave opens, 24 h and 4 h
 * before it closes, 24 h before the payment deadline, 06.00 WIB of the hand-out day by default) falls between
 * the last sweep's watermark and now. Announcements become fan-outs (streamed after commit, quiet
 * hours and the announcements choice respected); order reminders become one row per order. The
 * unique keys (fan-out event_key; notification (event, recipient, channel)) keep each one exactly
 * once however often the sweep runs over the same instant.
 */
@Injectable()
export class WaveRemindersSweep implements OnApplicationBootstrap {
  private readonly flight = new SingleFlight(() => this.run());

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly fanouts: NotificationFanoutRepository,
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
    return this.notifications.sweepSince(SWEEP, async (manager, watermark) => {
      let written = 0;
      for (const reminder of REMINDER_FANOUTS) written += await this.fanouts.recordDue(manager, reminder, watermark);
      let rows = 0;
      for (const reminder of reminderOrders(this.env.NOTIFY_HAND_OUT_REMINDER_HOUR)) {
        rows += await this.notifications.forDueOrderReminders(manager, reminder, watermark);
      }
      if (rows > 0) await this.notifications.wake(manager);
      return written + rows;
    });
  }
}
