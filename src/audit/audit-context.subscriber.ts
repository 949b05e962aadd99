import type { EntitySubscriberInterface, TransactionStartEvent } from 'typeorm';
import { currentActor } from './audit-context';

/** The transaction-local setting the orders trigger reads to know who is acting. */
export const AUDIT_ACTOR_SETTING = 'gelombang.audit_actor';

/**
 * At the start of every transaction opened while an actor is current, tells PostgreSQL who it is
 * (SET LOCAL, so it ends with the transaction). Transactions with no current actor pay nothing.
 */
export class AuditContextSubscriber implements EntitySubscriberInterface {
  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const actor = currentActor();
    if (!actor) return;
    await event.queryRunner.query(`SELECT set_config('${AUDIT_ACTOR_SETTING}', $1, true)`, [JSON.stringify(actor)]);
  }
}
