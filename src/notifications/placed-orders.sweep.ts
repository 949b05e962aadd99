import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { NotificationRepository } from './notification.repository';

const SWEEP = 'order.placed';

/**
 * "Order placed" messages without touching the order path: the rush places orders in batches
 * (place_order_batch, one statement each), and a sweep every NOTIFY_SWEEP_MS turns the orders
 * placed since the last one into notification rows with one INSERT ... SELECT (the BRIN index on
 * placed_at finds the last seconds). The unique (event, recipient, channel) key makes the overlap
 * between sweeps harmless.
 */
@Injectable()
export class PlacedOrdersSweep implements OnApplicationBootstrap {
  private readonly flight = new SingleFlight(() => this.run());

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly tasks: PeriodicTasks,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.every('placed-orders-sweep', this.env.NOTIFY_SWEEP_MS, this.flight, { exclusive: true });
  }

  /** Writes the messages of orders placed since the last sweep; answers how many rows it wrote. */
  sweep(): Promise<number> {
    return this.flight.join();
  }

  private run(): Promise<number> {
    return this.notifications.sweepSince(SWEEP, (manager, watermark) => this.notifications.forPlacedOrders(manager, watermark));
  }
}
