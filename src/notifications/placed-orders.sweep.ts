import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { PeriodicTasks } from '../scheduling/periodic-tasks';
import { SingleFlight } from '../scheduling/single-flight';
import { NotificationRecords, orderMessagesSql } from './notification-records';

const SWEEP = 'order.placed';
/**
 * How far back each sweep looks before its watermark. An order's placed_at is its transaction's
 * start; a batch commits a few milliseconds later, so an order becomes visible after a sweep that
 * passed its placed_at only within this margin.
 */
const OVERLAP = '15 seconds';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: NotificationRecords,
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
    return this.records.sweepSince(this.dataSource, SWEEP, async (manager, watermark) => {
      const written: unknown[] = await manager.query(
        orderMessagesSql(
          this.records.channelsSql,
          `SELECT o.id AS order_id, 'order.placed:' || o.id AS event_key, '{}'::jsonb AS extra FROM orders o
            WHERE o.placed_at > $1::timestamptz - interval '${OVERLAP}' AND o.status <> 'cancelled'`,
          `'order_placed'`,
        ),
        [watermark],
      );
      if (written.length > 0) await this.records.wake(manager);
      return written.length;
    });
  }
}
