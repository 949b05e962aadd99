import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../events/domain-events';
import { GoodsReceivedHooks } from '../orders/goods-received.hooks';

/**
 * The desk records goods receipts through GoodsReceivedHooks (inside the receipt's transaction);
 * this republishes them on the domain event bus, in the same transaction, so listeners need one bus.
 */
@Injectable()
export class GoodsReceivedBridge implements OnModuleInit {
  constructor(
    private readonly hooks: GoodsReceivedHooks,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.hooks.on((manager, event) => this.events.publish(manager, { type: 'goods.received', ...event }));
  }
}
