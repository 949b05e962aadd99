import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { AuditActor, currentActor, SYSTEM_ACTOR } from './audit-context';
import { AuditContextSubscriber } from './audit-context.subscriber';
import { AuditRepository, HistoryRow } from './audit.repository';

// The history view reads the entries in this shape.
export type { HistoryRow } from './audit.repository';

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

/** Writes and reads the append-only audit trail. There is deliberately no way to change an entry. */
@Injectable()
export class AuditService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: AuditRepository,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.some((subscriber) => subscriber instanceof AuditContextSubscriber)) {
      this.dataSource.subscribers.push(new AuditContextSubscriber(this.entries));
    }
  }

  /** Appends one entry inside the caller's transaction, so it commits with the change it describes. */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const actor = entry.actor ?? currentActor() ?? SYSTEM_ACTOR;
    await this.entries.append(manager, {
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      orderId: entry.orderId ?? null,
      waveId: entry.waveId ?? null,
      droppingPointId: entry.droppingPointId ?? null,
      actor,
      before: entry.before ?? null,
      after: entry.after ?? null,
      details: entry.details ?? null,
    });
  }

  /**
   * An order's history, oldest first. The first entry, its placing, is read from the order row
   * itself: the order path is kept free of extra writes.
   */
  async orderHistory(orderId: string): Promise<HistoryRow[]> {
    const placed = await this.entries.orderPlacing(orderId);
    if (!placed) throw DomainError.notFound('Order');
    const entries = await this.entries.orderEntries(orderId);
    return [placed, ...entries];
  }
}
