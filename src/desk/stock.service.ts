import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderStateService } from '../orders/order-state.service';
import { OrderStatus } from '../orders/order-status.enum';
import { availablePacks, chooseReady, PackCounts } from './stock';
import { StockRepository } from './stock.repository';

/**
 * How paid orders become ready: an order is ready when the goods for it are at its dropping
 * point. A goods receipt makes the point's paid orders ready, first paid first served, as far as
 * the packs that arrived go (a shortfall leaves the last ones paid, waiting); a payment recorded
 * after the goods arrived makes its order ready at once if its packs are there. Callers hold the
 * desk lock of the wave and point (DeskTransactions), so two of these never count the same packs.
 */
@Injectable()
export class StockService {
  constructor(
    private readonly orderState: OrderStateService,
    private readonly repository: StockRepository,
  ) {}

  /** Packs at the point for the wave, per wave pack: received, plus moved in from other points, minus moved out; empty when none came. */
  received(manager: EntityManager, waveId: string, pointId: string): Promise<PackCounts> {
    return this.repository.atPoint(manager, waveId, pointId);
  }

  /** Whether the point's stock for the wave was recorded at all (a receipt, or packs moved in or out). */
  hasReceipt(manager: EntityManager, waveId: string, pointId: string): Promise<boolean> {
    return this.repository.recorded(manager, waveId, pointId);
  }

  /** Makes paid orders of the point ready while the received packs last; returns the ids made ready. */
  async makeReady(manager: EntityManager, waveId: string, pointId: string, onlyOrderIds?: string[]): Promise<string[]> {
    const received = await this.received(manager, waveId, pointId);
    if (received.size === 0) return [];
    const candidates = await this.repository.paidOrdersFirstPaidFirst(manager, waveId, pointId, onlyOrderIds);
    if (candidates.length === 0) return [];
    const chosen = chooseReady(availablePacks(received, await this.allocated(manager, waveId, pointId)), candidates);
    if (chosen.length === 0) return [];
    return this.orderState.transition(manager, chosen, OrderStatus.Ready, { from: [OrderStatus.Paid] });
  }

  /**
   * Packs promised to orders that are ready or already handed over, and packs handed over in part
   * to orders not yet handed over in full, per wave pack.
   */
  allocated(manager: EntityManager, waveId: string, pointId: string): Promise<PackCounts> {
    return this.repository.allocated(manager, waveId, pointId);
  }
}
