import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditActor } from './audit-context';

/** The transaction-local setting the orders trigger reads to know who is acting. */
export const AUDIT_ACTOR_SETTING = 'gelombang.audit_actor';

/** One entry as written: who acted is always known (the system, when no one). */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  orderId: string | null;
  waveId: string | null;
  droppingPointId: string | null;
  actor: AuditActor;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

/** One entry of an order's history as the history view reads it. */
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

/** The append-only audit trail (audit_entries): there is deliberately no method that changes an entry. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_entries (action, entity_type, entity_id, order_id, wave_id, dropping_point_id,
                                  actor_user_id, actor_role, request_id, before, after, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.orderId,
        entry.waveId,
        entry.droppingPointId,
        entry.actor.userId,
        entry.actor.role,
        entry.actor.requestId,
        entry.before,
        entry.after,
        entry.details,
      ],
    );
  }

  /** Tells PostgreSQL who acts in the transaction of `manager` (SET LOCAL: it ends with the transaction). */
  async setActor(manager: EntityManager, actor: AuditActor): Promise<void> {
    await manager.query(`SELECT set_config('${AUDIT_ACTOR_SETTING}', $1, true)`, [JSON.stringify(actor)]);
  }

  /** The placing of the order as the first entry of its history, read from the order row; undefined when there is no such order. */
  async orderPlacing(orderId: string): Promise<HistoryRow | undefined> {
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
    return placed[0];
  }

  /** The entries recorded about the order, oldest first. */
  orderEntries(orderId: string): Promise<HistoryRow[]> {
    return this.dataSource.query(
      `SELECT a.id, a.occurred_at, a.action, a.entity_type, a.entity_id, a.actor_user_id, u.username AS actor_username,
              a.actor_role, a.request_id, a.before, a.after, a.details
         FROM audit_entries a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE a.order_id = $1 ORDER BY a.id`,
      [orderId],
    );
  }
}
