import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { WaveStateService } from './wave-state.service';
import { waveTakesOrders } from './wave-transitions';
import { PUBLISHED_UNCLOSED, WaveStatus } from './wave-status.enum';
import { Wave } from './wave.entity';
import { WavesRepository } from './waves.repository';

/** Timers are armed only this far ahead; the sweep re-arms them as their time comes near. */
const TIMER_HORIZON_MS = 10 * 60 * 1000;

interface TransitionPlan {
  to: WaveStatus.Open | WaveStatus.Closed | WaveStatus.Cancelled;
  /** Decides, on the locked row and the database's clock, whether the transition is due. */
  due: (wave: Wave, now: Date) => boolean;
  reason?: string;
}

const OPEN: TransitionPlan = {
  to: WaveStatus.Open,
  due: (wave, now) => wave.status === WaveStatus.Scheduled && waveTakesOrders(wave, now),
};

const CLOSE_ON_SCHEDULE: TransitionPlan = {
  to: WaveStatus.Closed,
  reason: 'schedule',
  due: (wave, now) => PUBLISHED_UNCLOSED.includes(wave.status) && wave.closesAt <= now,
};

/**
 * Moves waves through their lifecycle at their times. Every instance of the service runs this; a
 * transition happens once because it locks the wave row, re-checks that it is still due, and
 * records a wave_events row that a unique index allows only once.
 */
@Injectable()
export class WaveLifecycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WaveLifecycleService.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sweeps = new SingleFlight(() => this.runSweep());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly state: WaveStateService,
    private readonly tasks: PeriodicTasks,
    private readonly env: Environment,
    private readonly waves: WavesRepository,
  ) {}

  onApplicationBootstrap(): void {
    // Not exclusive: every instance arms its own exact-time timers from what the sweep finds.
    this.tasks.every('wave-lifecycle-sweep', this.env.WAVE_SWEEP_SECONDS * 1000, this.sweeps);
    void this.sweep();
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs every due transition and arms exact-time timers for the ones coming up. */
  sweep(): Promise<void> {
    return this.sweeps.join();
  }

  /**
   * Closes the wave early when nothing is left. Asked after capacity refusals, so it first looks
   * without locks: taking the wave row lock stalls every order in flight, which must not happen on
   * every refusal of a wave that still has room for smaller packs.
   */
  async closeIfSoldOut(waveId: string): Promise<boolean> {
    if (!(await this.waves.isSoldOut(this.dataSource.manager, waveId))) return false;
    return this.transition(
      waveId,
      {
        to: WaveStatus.Closed,
        reason: 'sold_out',
        due: (wave, now) => waveTakesOrders(wave, now),
      },
      (manager) => this.waves.isSoldOut(manager, waveId),
    );
  }

  async cancel(waveId: string, reason: string): Promise<boolean> {
    return this.transition(waveId, {
      to: WaveStatus.Cancelled,
      reason,
      due: (wave) => wave.status === WaveStatus.Draft || PUBLISHED_UNCLOSED.includes(wave.status),
    });
  }

  /** Arms timers for a wave whose times are near, so it opens and closes on the second. */
  arm(wave: Pick<Wave, 'id' | 'opensAt' | 'closesAt'>): void {
    this.armAt(wave.id, 'open', wave.opensAt, OPEN);
    this.armAt(wave.id, 'close', wave.closesAt, CLOSE_ON_SCHEDULE);
  }

  private async runSweep(): Promise<void> {
    try {
      // Due-ness is read without locks first: locking a wave that takes orders would stall them.
      for (const wave of await this.waves.comingDue(TIMER_HORIZON_MS)) {
        if (wave.closeDue) await this.transition(wave.id, CLOSE_ON_SCHEDULE);
        else if (wave.openDue) await this.transition(wave.id, OPEN);
        this.arm(wave);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'Wave lifecycle sweep failed; the next one retries');
    }
  }

  private armAt(waveId: string, kind: string, at: Date, plan: TransitionPlan): void {
    const delay = at.getTime() - Date.now();
    const key = `${waveId}:${kind}:${at.getTime()}`;
    if (delay < 0 || delay > TIMER_HORIZON_MS || this.timers.has(key)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.transition(waveId, plan).catch((error) => this.logger.error({ err: error, waveId }, `Wave ${kind} failed; the sweep retries`));
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  private async transition(
    waveId: string,
    plan: TransitionPlan,
    precondition?: (manager: EntityManager) => Promise<boolean>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.waves.lockWithClock(manager, waveId);
      if (!locked) return false;
      const { wave, now } = locked;
      if (!plan.due(wave, now)) return false;
      if (precondition && !(await precondition(manager))) return false;
      return this.state.transition(manager, waveId, plan.to, { from: [wave.status], reason: plan.reason ?? null, at: now });
    });
  }
}
