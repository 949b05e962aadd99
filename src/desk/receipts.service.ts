import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { DomainEvents } from '../events/domain-events';
import { HANDED_OVER_STATES, PAID_ORDER_STATES } from '../orders/order-transitions';
import { DeskIdempotency } from './desk-idempotency';
import { DeskTransactions } from './desk-transactions';
import { RecordReceiptDto } from './dto/receipt.dto';
import { StockService } from './stock.service';

interface ReceiptRow {
  id: string;
  wave_id: string;
  dropping_point_id: string;
  received_by_id: string;
  received_by: string;
  received_at: Date;
  note: string | null;
  packs: { packId: string; productName: string; sizeKg: number; quantity: number }[];
}

interface StockRow {
  pack_id: string;
  product_name: string;
  size_kg: number;
  ordered: number;
  paid: number;
  received: number;
  moved_in: number;
  moved_out: number;
  handed_over: number;
}

interface TransferRow {
  id: string;
  from_point_id: string;
  from_point: string;
  to_point_id: string;
  to_point: string;
  recorded_by: string;
  recorded_at: Date;
  note: string | null;
  packs: { packId: string; productName: string; sizeKg: number; quantity: number }[];
}

@Injectable()
export class ReceiptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: DeskTransactions,
    private readonly stock: StockService,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly once: DeskIdempotency,
  ) {}

  /**
   * Records what arrived at the point for the wave. In the same transaction: the point's paid
   * orders become ready as far as the packs go, and goods.received is published (home deliveries
   * are queued by its listener), so all of it commits or none.
   */
  async record(pointId: string, user: AuthUser, dto: RecordReceiptDto, key: string | null) {
    const canonical = {
      pointId,
      waveId: dto.waveId,
      packs: [...dto.packs].sort((a, b) => (a.packId < b.packId ? -1 : 1)).map((pack) => [pack.packId, pack.quantity]),
      note: dto.note ?? null,
    };
    return this.desk.withDesk(dto.waveId, pointId, user, (manager) =>
      this.once.run(manager, user, { key, action: 'receipt', canonical }, () => this.receive(manager, pointId, user, dto)),
    );
  }

  private async receive(manager: EntityManager, pointId: string, user: AuthUser, dto: RecordReceiptDto) {
    await this.assertReceivable(manager, dto, pointId);
    const [receipt]: { id: string }[] = await manager.query(
      'INSERT INTO goods_receipts (wave_id, dropping_point_id, received_by_id, note) VALUES ($1, $2, $3, $4) RETURNING id',
      [dto.waveId, pointId, user.userId, dto.note ?? null],
    );
    await manager.query(
      `INSERT INTO goods_receipt_items (receipt_id, wave_pack_id, quantity)
       SELECT $1, x.pack_id, x.quantity FROM unnest($2::uuid[], $3::int[]) AS x(pack_id, quantity)`,
      [receipt.id, dto.packs.map((pack) => pack.packId), dto.packs.map((pack) => pack.quantity)],
    );
    const ready = await this.stock.makeReady(manager, dto.waveId, pointId);
    await this.audit.record(manager, {
      action: 'goods.received',
      entityType: 'goods_receipt',
      entityId: receipt.id,
      waveId: dto.waveId,
      droppingPointId: pointId,
      after: { packs: dto.packs, note: dto.note ?? null },
      details: { ordersMadeReady: ready.length },
    });
    await this.events.publish(manager, { type: 'goods.received', waveId: dto.waveId, droppingPointId: pointId, receiptId: receipt.id });
    const [recorded] = await this.receipts(pointId, dto.waveId, receipt.id, manager);
    return { ...receiptView(recorded), ordersMadeReady: ready.length, ...(await this.stockView(pointId, dto.waveId, manager)) };
  }

  /** The receipts of a point for a wave, and per pack what was ordered, paid, received and is short. */
  async list(pointId: string, user: AuthUser, waveId: string) {
    await this.desk.assertPointScope(user, pointId);
    const [receipts, transfers] = await Promise.all([this.receipts(pointId, waveId), this.transfers(pointId, waveId)]);
    return {
      waveId,
      droppingPointId: pointId,
      receipts: receipts.map(receiptView),
      transfers: transfers.map((row) => transferView(row, pointId)),
      ...(await this.stockView(pointId, waveId)),
    };
  }

  /** Surplus packs moved out of or into the point for the wave, oldest first (or the one named). */
  transfers(
    pointId: string,
    waveId: string,
    transferId?: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<TransferRow[]> {
    return manager.query(
      `SELECT t.id, t.from_point_id, f.name AS from_point, t.to_point_id, d.name AS to_point, u.username AS recorded_by, t.recorded_at, t.note,
              (SELECT json_agg(json_build_object('packId', i.wave_pack_id, 'productName', p.name, 'sizeKg', wp.size_kg, 'quantity', i.quantity)
                               ORDER BY p.name, wp.size_kg)
                 FROM stock_transfer_items i JOIN wave_packs wp ON wp.id = i.wave_pack_id
                 JOIN wave_products wpr ON wpr.id = wp.wave_product_id JOIN products p ON p.id = wpr.product_id
                WHERE i.transfer_id = t.id) AS packs
         FROM stock_transfers t
         JOIN dropping_points f ON f.id = t.from_point_id JOIN dropping_points d ON d.id = t.to_point_id
         JOIN users u ON u.id = t.recorded_by_id
        WHERE t.wave_id = $2 AND (t.from_point_id = $1 OR t.to_point_id = $1) AND ($3::uuid IS NULL OR t.id = $3)
        ORDER BY t.recorded_at, t.id`,
      [pointId, waveId, transferId ?? null],
    );
  }

  /**
   * A point's receipts for a wave (without the stock), without an officer's scope: for a caller that
   * authorised its reader itself (the cooperative's purchase order).
   */
  async receiptsAt(pointId: string, waveId: string) {
    const receipts = await this.receipts(pointId, waveId);
    return { waveId, droppingPointId: pointId, receipts: receipts.map(receiptView) };
  }

  private async assertReceivable(manager: EntityManager, dto: RecordReceiptDto, pointId: string): Promise<void> {
    const waves: { status: string; serves_point: boolean }[] = await manager.query(
      `SELECT w.status, EXISTS (SELECT 1 FROM wave_dropping_points wdp WHERE wdp.wave_id = w.id AND wdp.dropping_point_id = $2) AS serves_point
         FROM waves w WHERE w.id = $1`,
      [dto.waveId, pointId],
    );
    if (waves.length === 0) throw DomainError.validation('waveId', 'waveId does not name a wave');
    if (!waves[0].serves_point) throw DomainError.validation('waveId', 'this dropping point does not serve the wave');
    if (waves[0].status === 'draft' || waves[0].status === 'cancelled') {
      throw DomainError.invalidTransition(`Goods cannot be received for a ${waves[0].status} wave`);
    }
    const packs: { id: string }[] = await manager.query('SELECT id FROM wave_packs WHERE wave_id = $1', [dto.waveId]);
    const known = new Set(packs.map((pack) => pack.id));
    const seen = new Set<string>();
    dto.packs.forEach((pack, index) => {
      if (!known.has(pack.packId)) throw DomainError.validation(`packs.${index}.packId`, 'packId is not a pack of this wave');
      if (seen.has(pack.packId)) throw DomainError.validation(`packs.${index}.packId`, 'each pack may appear once');
      seen.add(pack.packId);
    });
  }

  private receipts(
    pointId: string,
    waveId: string,
    receiptId?: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<ReceiptRow[]> {
    return manager.query(
      `SELECT r.id, r.wave_id, r.dropping_point_id, r.received_by_id, u.username AS received_by, r.received_at, r.note,
              (SELECT coalesce(json_agg(json_build_object('packId', i.wave_pack_id, 'productName', p.name, 'sizeKg', wp.size_kg, 'quantity', i.quantity)
                                        ORDER BY p.name, wp.size_kg), '[]')
                 FROM goods_receipt_items i JOIN wave_packs wp ON wp.id = i.wave_pack_id
                 JOIN wave_products wpr ON wpr.id = wp.wave_product_id JOIN products p ON p.id = wpr.product_id
                WHERE i.receipt_id = r.id) AS packs
         FROM goods_receipts r JOIN users u ON u.id = r.received_by_id
        WHERE r.dropping_point_id = $1 AND r.wave_id = $2 AND ($3::uuid IS NULL OR r.id = $3)
        ORDER BY r.received_at, r.id`,
      [pointId, waveId, receiptId ?? null],
    );
  }

  /** Per pack at the point: ordered, paid, received from the cooperative, moved in and out, handed over, short and surplus. */
  async stockView(pointId: string, waveId: string, manager: EntityManager | DataSource = this.dataSource) {
    const rows: StockRow[] = await manager.query(
      `SELECT wp.id AS pack_id, p.name AS product_name, wp.size_kg,
              coalesce(o.ordered, 0)::int AS ordered, coalesce(o.paid, 0)::int AS paid,
              coalesce(r.received, 0)::int AS received, coalesce(m.moved_in, 0)::int AS moved_in, coalesce(m.moved_out, 0)::int AS moved_out,
              coalesce(o.handed_over, 0)::int + coalesce(h.partly, 0)::int AS handed_over
         FROM wave_packs wp
         JOIN wave_products wpr ON wpr.id = wp.wave_product_id
         JOIN products p ON p.id = wpr.product_id
         LEFT JOIN (SELECT i.wave_pack_id,
                           sum(i.quantity) FILTER (WHERE o.status <> 'cancelled') AS ordered,
                           sum(i.quantity) FILTER (WHERE o.status = ANY ($3)) AS paid,
                           sum(i.quantity) FILTER (WHERE o.status = ANY ($4)) AS handed_over
                      FROM order_items i JOIN orders o ON o.id = i.order_id
                     WHERE o.wave_id = $1 AND o.dropping_point_id = $2 GROUP BY 1) o ON o.wave_pack_id = wp.id
         LEFT JOIN (SELECT i.wave_pack_id, sum(i.quantity) AS received
                      FROM goods_receipt_items i JOIN goods_receipts g ON g.id = i.receipt_id
                     WHERE g.wave_id = $1 AND g.dropping_point_id = $2 GROUP BY 1) r ON r.wave_pack_id = wp.id
         LEFT JOIN (SELECT i.wave_pack_id, sum(i.quantity) FILTER (WHERE t.to_point_id = $2) AS moved_in,
                           sum(i.quantity) FILTER (WHERE t.from_point_id = $2) AS moved_out
                      FROM stock_transfer_items i JOIN stock_transfers t ON t.id = i.transfer_id
                     WHERE t.wave_id = $1 AND (t.from_point_id = $2 OR t.to_point_id = $2) GROUP BY 1) m ON m.wave_pack_id = wp.id
         LEFT JOIN (SELECT hp.wave_pack_id, sum(hp.quantity) AS partly
                      FROM handover_packs hp JOIN orders ho ON ho.id = hp.order_id
                     WHERE hp.wave_id = $1 AND hp.dropping_point_id = $2 AND NOT ho.status = ANY ($4) GROUP BY 1) h ON h.wave_pack_id = wp.id
        WHERE wp.wave_id = $1
        ORDER BY p.name, wp.size_kg`,
      [waveId, pointId, PAID_ORDER_STATES, HANDED_OVER_STATES],
    );
    const stock = rows.map((row) => {
      // What the point has: from the cooperative, plus moved in, minus moved out to other points.
      const at = row.received + row.moved_in - row.moved_out;
      return {
        packId: row.pack_id,
        productName: row.product_name,
        sizeKg: row.size_kg,
        orderedPacks: row.ordered,
        paidPacks: row.paid,
        receivedPacks: row.received,
        movedInPacks: row.moved_in,
        movedOutPacks: row.moved_out,
        handedOverPacks: row.handed_over,
        shortfallPacks: Math.max(0, row.ordered - at),
        surplusPacks: Math.max(0, at - row.ordered),
      };
    });
    return {
      stock,
      shortfall: {
        packs: stock.reduce((sum, row) => sum + row.shortfallPacks, 0),
        kg: stock.reduce((sum, row) => sum + row.shortfallPacks * row.sizeKg, 0),
      },
    };
  }
}

export function transferView(row: TransferRow, pointId: string) {
  return {
    id: row.id,
    direction: row.from_point_id === pointId ? ('out' as const) : ('in' as const),
    from: { droppingPointId: row.from_point_id, name: row.from_point },
    to: { droppingPointId: row.to_point_id, name: row.to_point },
    recordedBy: row.recorded_by,
    recordedAt: toWib(row.recorded_at),
    note: row.note,
    packs: row.packs,
  };
}

function receiptView(row: ReceiptRow) {
  return {
    id: row.id,
    waveId: row.wave_id,
    droppingPointId: row.dropping_point_id,
    receivedBy: { userId: row.received_by_id, username: row.received_by },
    receivedAt: toWib(row.received_at),
    note: row.note,
    packs: row.packs,
  };
}
