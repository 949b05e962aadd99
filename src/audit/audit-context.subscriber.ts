import type { EntitySubscriberInterface, TransactionStartEvent } from 'typeorm';
import { currentActor } from './audit-context';
import type { AuditRepository } from './audit.repository';

/**
 * At the start of every transaction opened while an actor is current, tells PostgreSQL who it is
 * (SET LOCAL, so it ends with the transaction). Transactions with no current actor pay nothing.
 */
export class AuditContextSubscriber implements EntitySubscriberInterface {
  constructor(private readonly entries: AuditRepository) {}

  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const actor = currentActor();
    if (!actor) return;
    await this.entries.setActor(event.queryRunner.manager, actor);
  }
}
