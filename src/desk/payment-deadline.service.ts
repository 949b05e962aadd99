import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runAsSystem } from '../audit/audit-context';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { OrderReleaseService } from '../orders/order-release.service';
import { CancelReason } from '../orders/order-status.enum';
import { waveMilestoneSql, WaveStateService } from '../waves/wave-state.service';

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
        const waves: { id: string }[] = await this.dataSource.query(
          `SELECT w.id FROM waves w
            WHERE w.payment_deadline <= now() AND w.status NOT IN ('draft', 'cancelled')
              AND NOT ${waveMilestoneSql('w', 'payment_deadline')}
            ORDER BY w.payment_deadline`,
        );
        let cancelled = 0;
        for (const wave of waves) cancelled += await this.sweepWave(wave.id);
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
        const rows: { id: string; wave_open: boolean }[] = await manager.query(
          `SELECT o.id, wave_takes_orders(w, now()) AS wave_open
             FROM orders o JOIN waves w ON w.id = o.wave_id
            WHERE o.wave_id = $1 AND o.status = 'placed' AND w.payment_deadline <= now()
            ORDER BY o.id LIMIT $2 FOR UPDATE OF o`,
          [waveId, BATCH],
        );
        if (rows.length === 0) return [];
        return this.release.cancel(
          manager,
          rows.map((row) => row.id),
          CancelReason.PaymentDeadline,
          rows[0].wave_open,
        );
      });
      cancelled += ids.length;
      if (ids.length === 0) break;
    }
    if (cancelled > 0) this.logger.log(`Wave ${waveId}: cancelled ${cancelled} orders not paid by the payment deadline`);
    await this.dataSource.transaction(async (manager) => {
      const [settled]: { done: boolean }[] = await manager.query(
        `SELECT w.payment_deadline <= now()
                AND (w.status NOT IN ('scheduled', 'open') OR w.closes_at <= now())
                AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.wave_id = w.id AND o.status = 'placed') AS done
           FROM waves w WHERE w.id = $1`,
        [waveId],
      );
      if (settled?.done) await this.waves.mark(manager, waveId, 'payment_deadline');
    });
    return cancelled;
  }
}
