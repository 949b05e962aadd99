import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
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
export class PlacedOrdersSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PlacedOrdersSweep.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: NotificationRecords,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((error) => this.logger.warn(`Placed-orders sweep: ${(error as Error).message}`)),
      this.env.NOTIFY_SWEEP_MS,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Writes the messages of orders placed since the last sweep; answers how many rows it wrote. */
  sweep(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
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
