import { ApiProperty } from '@nestjs/swagger';
import { toWib } from '../common/time';
import type { HistoryRow } from './audit.service';

export class HistoryActorView {
  @ApiProperty({ type: String, nullable: true })
  userId: string | null;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;

  @ApiProperty()
  role: string;
}

export class HistoryEntryView {
  @ApiProperty({ type: String, nullable: true })
  id: string | null;

  @ApiProperty()
  at: string;

  @ApiProperty()
  action: string;

  @ApiProperty()
  entityType: string;

  @ApiProperty({ type: String, nullable: true })
  entityId: string | null;

  @ApiProperty({ type: () => HistoryActorView })
  actor: HistoryActorView;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  before: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  after: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details: Record<string, unknown> | null;
}

export function historyEntryView(row: HistoryRow): HistoryEntryView {
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
