import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runAsSystem } from '../audit/audit-context';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { OrderReleaseService } from '../orders/order-release.service';
import { CancelReason } from '../orders/order-status.enum';
import { WaveStateService } from '../waves/wave-state.service';
import { DeskRepository } from './desk.repository';

const BATCH = 500;

/**
 * Cancels the orders not paid by their wave's payment deadline (CancelReason.PaymentDeadline);
 * their kg go back to the wave only while it still takes orders. Every instance sweeps; each
 * order is cancelled once, because the sweep locks the unpaid orders it takes (a payment in
 * flight holds the same row lock, so it either commits first and the order is no longer unpaid,
 * or finds it cancelled). A wave whose deadline passed, that is closed and has no unpaid order
 * left is marked done (wave_events 'payment_deadline'), so the sweep stops looking at it.
 */
@Injectable()
export class PaymentDeadlineService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentDeadlineService.name);
  private readonly sweeps = new SingleFlight(() => this.runSweep());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly release: OrderReleaseService,
    private readonly waves: WaveStateService,
    private readonly tasks: PeriodicTasks,
    private readonly env: Environment,
    private readonly repository: DeskRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.every('payment-deadline-sweep', this.env.WAVE_SWEEP_SECONDS * 1000, this.sweeps, { exclusive: true });
  }

  /**
   * Runs a full sweep that starts after this call (joining one already queued), and returns how
   * many orders this instance cancelled. Safe to call from tests and from several instances.
   */
  sweep(): Promise<number> {
    return this.sweeps.next();
  }

  private async runSweep(): Promise<number> {
    try {
      return await runAsSystem(async () => {
        let cancelled = 0;
        for (const waveId of await this.repository.wavesPastPaymentDeadline()) cancelled += await this.sweepWave(waveId);
        return cancelled;
      });
    } catch (error) {
      this.logger.error({ err: error }, 'Payment deadline sweep failed; the next one retries');
      return 0;
    }
  }

  private async sweepWave(waveId: string): Promise<number> {
    let cancelled = 0;
    for (;;) {
      const ids = await this.dataSource.transaction(async (manager) => {
        const unpaid = await this.repository.lockUnpaidPastDeadline(manager, waveId, BATCH);
        if (!unpaid) return [];
        return this.release.cancel(manager, unpaid.orderIds, CancelReason.PaymentDeadline, unpaid.waveOpen);
      });
      cancelled += ids.length;
      if (ids.length === 0) break;
    }
    if (cancelled > 0) this.logger.log(`Wave ${waveId}: cancelled ${cancelled} orders not paid by the payment deadline`);
    await this.dataSource.transaction(async (manager) => {
      if (await this.repository.paymentDeadlineSettled(manager, waveId)) await this.waves.mark(manager, waveId, 'payment_deadline');
    });
    return cancelled;
  }
}
