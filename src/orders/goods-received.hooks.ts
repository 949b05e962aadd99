import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface GoodsReceived {
  waveId: string;
  droppingPointId: string;
  receiptId: string;
}

export type GoodsReceivedHook = (manager: EntityManager, event: GoodsReceived) => Promise<void>;

/**
 * What hangs on the cooperative's goods arriving at a dropping point (queueing home deliveries,
 * ...). Hooks run inside the transaction that records the receipt, so both commit or neither does.
 */
@Injectable()
export class GoodsReceivedHooks {
  private readonly hooks: GoodsReceivedHook[] = [];

  on(hook: GoodsReceivedHook): void {
    this.hooks.push(hook);
  }

  async run(manager: EntityManager, event: GoodsReceived): Promise<void> {
    for (const hook of this.hooks) await hook(manager, event);
  }
}
