import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { wibDate } from '../common/time';
import { DomainEvents } from '../events/domain-events';
import { WaveStateService } from '../waves/wave-state.service';
import { WaveStatus } from '../waves/wave-status.enum';
import { PurchaseOrderStatus } from './purchase-order-status.enum';
import { PurchaseOrder } from './purchase-order.entity';
import { PurchaseOrderRepository } from './purchase-order.repository';

/**
 * Makes the purchase orders of a wave in the transaction that closes it (it hears wave.closed), so they exist exactly when the wave is closed and are made exactly once.
 *
 * The snapshot is read from the wave's summary tallies, which every order and every cancellation
 * keeps in its own transaction. Locking the wave's tally rows first waits out a cancellation still
 * in flight and holds off any later one until the snapshot is written, so the snapshot is one
 * consistent moment: what changes afterwards shows up as an amendment, never inside it.
 */
@Injectable()
export class PurchaseOrderIssuer implements OnModuleInit {
  private readonly logger = new Logger(PurchaseOrderIssuer.name);

  constructor(
    private readonly repository: PurchaseOrderRepository,
    private readonly waves: WaveStateService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('wave.closed', async (manager, event) => void (await this.issue(manager, { id: event.waveId })));
  }

  async issue(manager: EntityManager, wave: { id: string }): Promise<PurchaseOrder[]> {
    await this.repository.lockTallies(manager, wave.id);
    const lines = await this.repository.snapshot(manager, wave.id);
    if (lines.length === 0) {
      await this.waves.transition(manager, wave.id, WaveStatus.Completed, { from: [WaveStatus.Closed], reason: 'no_orders' });
      return [];
    }
    const cooperatives = new Set(lines.map((line) => line.cooperativeId));
    const counts = await this.repository.counts(manager, wave.id, cooperatives.size === 1);
    const now = await this.repository.now(manager);
    const orders: PurchaseOrder[] = [];
    for (const cooperativeId of [...cooperatives].sort()) {
      const own = lines.filter((line) => line.cooperativeId === cooperativeId);
      const count = counts.find((row) => row.cooperativeId === cooperativeId);
      const id = randomUUID();
      const order = await this.repository.insertIssued(manager, {
        order: {
          id,
          number: `PO-${wibDate(now).replace(/-/g, '')}-${id.slice(0, 8).toUpperCase()}`,
          waveId: wave.id,
          cooperativeId,
          status: PurchaseOrderStatus.Sent,
          issuedAt: now,
          confirmedAt: null,
          confirmedByUserId: null,
          ordersCount: count?.orders ?? 0,
          buyersCount: count?.buyers ?? 0,
          totalKg: own.reduce((sum, line) => sum + line.sizeKg * line.packs, 0),
          totalRp: own.reduce((sum, line) => sum + line.priceRp * line.packs, 0),
        },
        lines: own.map((line) => ({
          waveProductId: line.waveProductId,
          wavePackId: line.wavePackId,
          droppingPointId: line.droppingPointId,
          sizeKg: line.sizeKg,
          priceRp: line.priceRp,
          packs: line.packs,
          kg: line.sizeKg * line.packs,
          amountRp: line.priceRp * line.packs,
        })),
        droppingPointIds: [...new Set(own.map((line) => line.droppingPointId))],
      });
      orders.push(order);
      await this.events.publish(manager, { type: 'purchase_order.issued', purchaseOrderId: id, waveId: wave.id });
    }
    await this.waves.transition(manager, wave.id, WaveStatus.Ordered, {
      from: [WaveStatus.Closed],
      data: { purchaseOrders: orders.map((order) => order.number) },
    });
    this.logger.log(`Wave ${wave.id}: ${orders.length} purchase order(s) sent`);
    return orders;
  }
}
