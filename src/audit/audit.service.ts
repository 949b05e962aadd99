import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { AuditActor, currentActor, SYSTEM_ACTOR } from './audit-context';
import { AuditContextSubscriber } from './audit-context.subscriber';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | null;
  orderId?: string | null;
  waveId?: string | null;
  droppingPointId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  details?: Record<string, unknown> | null;
  /** Defaults to the current request's actor (or the system). */
  actor?: AuditActor;
}

export interface HistoryRow {
  id: string | null;
  occurred_at: Date;
  action: string;
  entity_type: string;
  entity_id: string | null;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_role: string;
  request_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

/** Writes and reads the append-only audit trail. There is deliberately no way to change an entry. */
@Injectable()
export class AuditService implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.some((subscriber) => subscriber instanceof AuditContextSubscriber)) {
      this.dataSource.subscribers.push(new AuditContextSubscriber());
    }
  }

  /** Appends one entry inside the caller's transaction, so it commits with the change it describes. */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const actor = entry.actor ?? currentActor() ?? SYSTEM_ACTOR;
    await manager.query(
      `INSERT INTO audit_entries (action, entity_type, entity_id, order_id, wave_id, dropping_point_id,
                                  actor_user_id, actor_role, request_id, before, after, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.orderId ?? null,
        entry.waveId ?? null,
        entry.droppingPointId ?? null,
        actor.userId,
        actor.role,
        actor.requestId,
        entry.before ?? null,
        entry.after ?? null,
        entry.details ?? null,
      ],
    );
  }

  /**
   * An order's history, oldest first. The first entry, its placing, is read from the order row
   * itself: the order path is kept free of extra writes.
   */
  async orderHistory(orderId: string): Promise<HistoryRow[]> {
    const placed: HistoryRow[] = await this.dataSource.query(
      `SELECT NULL AS id, o.placed_at AS occurred_at, 'order.placed' AS action, 'order' AS entity_type, o.id AS entity_id,
              u.id AS actor_user_id, u.username AS actor_username, 'BUYER' AS actor_role, NULL AS request_id, NULL::jsonb AS before,
              jsonb_build_object('status', 'placed', 'fulfilment', o.fulfilment, 'totalKg', o.total_kg, 'totalRp', o.total_rp,
                                 'pickupCode', o.pickup_code, 'droppingPointId', o.dropping_point_id) AS after,
              jsonb_build_object('idempotencyKey', o.idempotency_key) AS details
         FROM orders o JOIN buyers b ON b.id = o.buyer_id JOIN users u ON u.id = b.user_id
        WHERE o.id = $1`,
      [orderId],
    );
    if (placed.length === 0) throw DomainError.notFound('Order');
    const entries: HistoryRow[] = await this.dataSource.query(
      `SELECT a.id, a.occurred_at, a.action, a.entity_type, a.entity_id, a.actor_user_id, u.username AS actor_username,
              a.actor_role, a.request_id, a.before, a.after, a.details
         FROM audit_entries a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE a.order_id = $1 ORDER BY a.id`,
      [orderId],
    );
    return [...placed, ...entries];
  }
}
