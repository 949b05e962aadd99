import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { WaveStateService } from './wave-state.service';
import { WaveStatus } from './wave-status.enum';
import { WavesRepository } from './waves.repository';

/** The steps after closing that wait on something outside the wave, in order. */
const STEPS: { from: WaveStatus; to: WaveStatus }[] = [
  { from: WaveStatus.Ordered, to: WaveStatus.Confirmed },
  { from: WaveStatus.Confirmed, to: WaveStatus.Delivered },
  { from: WaveStatus.Delivered, to: WaveStatus.Completed },
];

export type ProgressStep = WaveStatus.Confirmed | WaveStatus.Delivered | WaveStatus.Completed;

/**
 * Moves a wave on after it closed:
 *   closed    -> ordered    when its purchase orders are made (in the closing transaction, by purchase-orders);
 *   ordered   -> confirmed  when every cooperative has confirmed its purchase order;
 *   confirmed -> delivered  when every dropping point that still needs goods has received them (a goods receipt);
 *   delivered -> completed  when every order is picked up, delivered or cancelled.
 * (A wave that closes with no standing order goes closed -> completed at once.)
 *
 * What makes a step due is the word of the module that owns the facts: purchase orders and goods
 * receipts, orders. Each registers an SQL condition over the wave aliased `w` for its step; a step
 * is due when all of its conditions hold (a step nobody spoke for never happens). Each step is a
 * WaveStateService transition, in one transaction that holds the wave row: it happens once,
 * whichever instance, request or sweep gets there first. The purchase-order actions call
 * advanceWithin inside their own transactions, and a sweep on every instance catches whatever
 * nobody called for.
 */
@Injectable()
export class WaveProgressService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WaveProgressService.name);
  private readonly conditions = new Map<ProgressStep, string[]>();
  private readonly sweeps = new SingleFlight(() => this.runSweep());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: PeriodicTasks,
    private readonly env: Environment,
    private readonly state: WaveStateService,
    private readonly waves: WavesRepository,
  ) {}

  /** Called at module init by the owner of the facts a step waits on. `sql` is a boolean expression over the wave aliased `w`. */
  requireFor(step: ProgressStep, sql: string): void {
    this.conditions.set(step, [...(this.conditions.get(step) ?? []), `(${sql})`]);
  }

  onApplicationBootstrap(): void {
    this.tasks.every('wave-progress-sweep', this.env.WAVE_SWEEP_SECONDS * 1000, this.sweeps, { exclusive: true });
  }

  /** Takes every step that is due for the wave; returns its status afterwards. */
  advance(waveId: string): Promise<WaveStatus | null> {
    return this.dataSource.transaction((manager) => this.advanceWithin(manager, waveId));
  }

  /** The same inside the caller's transaction. Locks the wave row (callers that lock it first lose nothing). */
  async advanceWithin(manager: EntityManager, waveId: string): Promise<WaveStatus | null> {
    let status = await this.waves.lockStatusForChange(manager, waveId);
    if (status === null) return null;
    for (const step of STEPS) {
      if (status !== step.from) continue;
      const due = this.dueSql(step.to as ProgressStep);
      if (due === null) break;
      if (
        !(await this.waves.holds(manager, waveId, due)) ||
        !(await this.state.transition(manager, waveId, step.to, { from: [step.from] }))
      )
        break;
      status = step.to;
    }
    return status;
  }

  /** Advances every wave whose next step is due. Safe on every instance at once. */
  sweep(): Promise<void> {
    return this.sweeps.join();
  }

  private dueSql(step: ProgressStep): string | null {
    const conditions = this.conditions.get(step);
    return conditions && conditions.length > 0 ? conditions.join(' AND ') : null;
  }

  private async runSweep(): Promise<void> {
    try {
      const due = STEPS.flatMap((step) => {
        const sql = this.dueSql(step.to as ProgressStep);
        return sql === null ? [] : [`(w.status = '${step.from}' AND ${sql})`];
      });
      if (due.length === 0) return;
      // Due-ness is read without locks; advance re-checks under the wave's lock.
      for (const id of await this.waves.idsWhere(due.join(' OR '))) await this.advance(id);
    } catch (error) {
      this.logger.error({ err: error }, 'Wave progress sweep failed; the next one retries');
    }
  }
}
