import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { OrderStateService } from './order-state.service';
import { WavesRepository } from '../waves/waves.repository';
import { CancelReason, OrderStatus } from './order-status.enum';
import { AWAITING_HAND_OVER_STATES } from './order-transitions';
import { OrdersRepository } from './orders.repository';

/**
 * Cancels orders and undoes what placing them did: their kg go back to the wave's capacity (when
 * `returnCapacity`), out of the buyer's quota, and out of the summary tallies. Used by a buyer's
 * cancellation, the payment deadline, shortfalls and a cancelled wave alike.
 */
@Injectable()
export class OrderReleaseService {
  constructor(
    private readonly state: OrderStateService,
    private readonly orders: OrdersRepository,
    private readonly waves: WavesRepository,
  ) {}

  async cancel(manager: EntityManager, orderIds: string[], reason: CancelReason, returnCapacity: boolean): Promise<string[]> {
    return this.state.transition(manager, orderIds, OrderStatus.Cancelled, {
      reason,
      from: AWAITING_HAND_OVER_STATES,
      effects: async (ids) => {
        await this.orders.subtractFromTallies(manager, ids);
        await this.orders.returnQuota(manager, ids);
        if (returnCapacity) await this.waves.returnCapacity(manager, ids, randomInt(1 << 30));
      },
    });
  }
}
