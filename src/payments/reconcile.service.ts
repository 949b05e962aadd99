import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { GatewayPaymentsService } from './gateway-payments.service';
import { PaymentGateway } from './gateway/payment-gateway';
import { PaymentsRepository } from './payments.repository';

const BATCH = 200;

/**
 * Asks the gateway's status API about pending QRIS codes near or past their expiry, so a payment
 * whose callback was lost (gateway down, our service down, a callback that never came) is taken in
 * all the same; a lapsed code with no payment is closed. Every instance may run it: a payment is
 * taken in once whoever reports it first (GatewayPaymentsService).
 */
@Injectable()
export class PaymentsReconcileService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentsReconcileService.name);
  private readonly passes = new SingleFlight(() => this.pass());

  constructor(
    private readonly repository: PaymentsRepository,
    private readonly env: Environment,
    private readonly gateway: PaymentGateway,
    private readonly payments: GatewayPaymentsService,
    private readonly tasks: PeriodicTasks,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.PAYMENTS_DRIVER === 'off') return;
    this.tasks.every('payments-reconcile', this.env.PAYMENTS_RECONCILE_SECONDS * 1000, this.passes, { exclusive: true });
  }

  /** One pass (joining a pass already running); returns how many payments it took in. */
  reconcile(): Promise<number> {
    return this.passes.join();
  }

  private async pass(): Promise<number> {
    const due = await this.repository.intentsToReconcile(this.env.PAYMENTS_RECONCILE_WINDOW_SECONDS, BATCH);
    let taken = 0;
    for (const intent of due) {
      try {
        const reports = await this.gateway.listPayments(intent.gatewayQrId);
        for (const report of reports) {
          const received = await this.payments.receive(report, 'status_api');
          if (!received.duplicate) taken += 1;
        }
        if (reports.length === 0 && intent.lapsed) await this.repository.closeLapsedIntent(intent.id);
      } catch (error) {
        // The gateway is down or slow: the next pass asks again.
        this.logger.warn({ intentId: intent.id, err: (error as Error).message }, 'QRIS status check failed');
      }
    }
    return taken;
  }
}
