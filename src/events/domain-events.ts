import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Everything a state owner announces. Payloads carry ids (and the few facts a listener cannot read
 * back later, like why an order was cancelled); listeners read the rest in the same transaction.
 */
export type DomainEvent =
  | { type: 'order.placed'; orderIds: string[] }
  | { type: 'order.paid'; orderId: string; paymentId: string }
  | { type: 'order.cancelled'; orderIds: string[]; reason: string }
  | { type: 'order.handed_over'; orderId: string }
  /** An administrator reversed the order's payment: it is unpaid (placed) again. */
  | { type: 'order.payment_reversed'; orderId: string; paymentId: string }
  /** The goods for the orders are set aside at their point (or back there after a failed trip). */
  | { type: 'order.ready'; orderIds: string[] }
  | { type: 'order.out_for_delivery'; orderIds: string[] }
  | { type: 'order.delivered'; orderIds: string[] }
  | { type: 'goods.received'; waveId: string; droppingPointId: string; receiptId: string }
  | { type: 'wave.opened'; waveId: string; reason: string | null }
  | { type: 'wave.closed'; waveId: string; reason: string | null }
  | { type: 'wave.cancelled'; waveId: string; reason: string | null }
  | { type: 'purchase_order.issued'; purchaseOrderId: string; waveId: string }
  | { type: 'trip.booked'; tripId: string }
  | { type: 'trip.delivered'; tripId: string }
  | { type: 'trip.failed'; tripId: string; reason: string | null }
  /** A draft wave was published (scheduled): its opening can be announced. */
  | { type: 'wave.published'; waveId: string }
  /** The steps after closing (WaveProgressService); `from` is the state left (closed -> completed when nothing was ordered). */
  | { type: 'wave.ordered'; waveId: string; from: string }
  | { type: 'wave.confirmed'; waveId: string; from: string }
  | { type: 'wave.delivered'; waveId: string; from: string }
  | { type: 'wave.completed'; waveId: string; from: string; reason: string | null }
  /** A purchase order was confirmed short: shortfall_cuts hold what was cut from which orders. */
  | { type: 'purchase_order.shortfall'; purchaseOrderId: string; waveId: string }
  /** One dropping point's delivery of a purchase order left the cooperative. */
  | { type: 'purchase_order.shipped'; purchaseOrderId: string; droppingPointId: string; shipmentId: string };

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
export type DomainEventHandler<T extends DomainEventType> = (manager: EntityManager, event: EventOf<T>) => Promise<void>;

/**
 * The in-transaction event bus. A state owner publishes with the EntityManager of the transaction
 * that changed the state; every subscriber runs right there, synchronously, so what it writes
 * (notification rows, outbox intents) commits or rolls back with the change itself. Subscribers
 * never talk to Redis or a provider: that happens after commit, from what they wrote.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly handlers = new Map<DomainEventType, ((manager: EntityManager, event: DomainEvent) => Promise<void>)[]>();

  subscribe<T extends DomainEventType>(type: T, handler: DomainEventHandler<T>): void {
    // The map is keyed by type, so a handler only ever sees events of its own type.
    this.handlers.set(type, [
      ...(this.handlers.get(type) ?? []),
      handler as unknown as (manager: EntityManager, event: DomainEvent) => Promise<void>,
    ]);
  }

  async publish(manager: EntityManager, event: DomainEvent): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) {
      await handler(manager, event);
    }
    this.logger.debug(`${event.type} published`);
  }
}
