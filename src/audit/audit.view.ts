import { toWib } from '../common/time';
import type { HistoryRow } from './audit.service';

export function historyEntryView(row: HistoryRow) {
  return {
    id: row.id,
    at: toWib(row.occurred_at),
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    actor: { userId: row.actor_user_id, username: row.actor_username, role: row.actor_role },
    requestId: row.request_id,
    before: row.before,
    after: row.after,
    details: row.details,
  };
}
