import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HANDED_OVER_STATES, PAID_ORDER_STATES } from '../orders/order-transitions';

export interface ReceivedPack {
  packId: string;
  productName: string;
  sizeKg: number;
  quantity: number;
}

export interface GoodsReceiptRecord {
  id: string;
  waveId: string;
  droppingPointId: string;
  receivedById: string;
  receivedBy: string;
  receivedAt: Date;
  note: string | null;
  packs: ReceivedPack[];
}

export interface StockTransferRecord {
  id: string;
  fromPointId: string;
  fromPoint: string;
  toPointId: string;
  toPoint: string;
  recordedBy: string;
  recordedAt: Date;
  note: string | null;
  packs: ReceivedPack[];
}

/** Per wave pack at a point: packs ordered, paid, received from the cooperative, moved in and out, handed over. */
export interface PackStockLine {
  packId: string;
  productName: string;
  sizeKg: number;
  ordered: number;
  paid: number;
  received: number;
  movedIn: number;
  movedOut: number;
  handedOver: number;
}

/** Packs and their quantities as the desk recorded them. */
export interface PackQuantity {
  packId: string;
  quantity: number;
}

/** Goods received at dropping points and surplus moved between them. */
@Injectable()
export class ReceiptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The wave's status and whether it serves the point; null for an unknown wave. */
  async waveAtPoint(manager: EntityManager, waveId: string, pointId: string): Promise<{ status: string; servesPoint: boolean } | null> {
    const waves: { status: string; serves_point: boolean }[] = await manager.query(
      `SELECT w.status, EXISTS (SELECT 1 FROM wave_dropping_points wdp WHERE wdp.wave_id = w.id AND wdp.dropping_point_id = $2) AS serves_point
         FROM waves w WHERE w.id = $1`,
      [waveId, pointId],
    );
    return waves.length === 0 ? null : { status: waves[0].status, servesPoint: waves[0].serves_point };
  }

  async wavePackIds(manager: EntityManager, waveId: string): Promise<string[]> {
    const packs: { id: string }[] = await manager.query('SELECT id FROM wave_packs WHERE wave_id = $1', [waveId]);
    return packs.map((pack) => pack.id);
  }

  /** Of `pointIds`, those serving the wave. */
  async pointsServing(manager: EntityManager, waveId: string, pointIds: string[]): Promise<string[]> {
    const points: { id: string }[] = await manager.query(
      'SELECT dropping_point_id AS id FROM wave_dropping_points WHERE wave_id = $1 AND dropping_point_id = ANY ($2)',
      [waveId, pointIds],
    );
    return points.map((point) => point.id);
  }

  /** Records a goods receipt with its packs; returns its id. */
  async addReceipt(
    manager: EntityManager,
    receipt: { waveId: string; pointId: string; receivedById: string; note: string | null; packs: PackQuantity[] },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      'INSERT INTO goods_receipts (wave_id, dropping_point_id, received_by_id, note) VALUES ($1, $2, $3, $4) RETURNING id',
      [receipt.waveId, receipt.pointId, receipt.receivedById, receipt.note],
    );
    await manager.query(
      `INSERT INTO goods_receipt_items (receipt_id, wave_pack_id, quantity)
       SELECT $1, x.pack_id, x.quantity FROM unnest($2::uuid[], $3::int[]) AS x(pack_id, quantity)`,
      [id, receipt.packs.map((pack) => pack.packId), receipt.packs.map((pack) => pack.quantity)],
    );
    return id;
  }

  /** Records surplus packs moved from one point to another; returns the transfer's id. */
  async addTransfer(
    manager: EntityManager,
    transfer: { waveId: string; fromPointId: string; toPointId: string; recordedById: string; note: string | null; packs: PackQuantity[] },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      'INSERT INTO stock_transfers (wave_id, from_point_id, to_point_id, recorded_by_id, note) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [transfer.waveId, transfer.fromPointId, transfer.toPointId, transfer.recordedById, transfer.note],
    );
    await manager.query(
      `INSERT INTO stock_transfer_items (transfer_id, wave_pack_id, quantity)
       SELECT $1, x.pack_id, x.quantity FROM unnest($2::uuid[], $3::int[]) AS x(pack_id, quantity)`,
      [id, transfer.packs.map((pack) => pack.packId), transfer.packs.map((pack) => pack.quantity)],
    );
    return id;
  }

  /** A point's receipts for a wave (or the one named), oldest first. */
  async receipts(
    pointId: string,
    waveId: string,
    receiptId?: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GoodsReceiptRecord[]> {
    const rows: {
      id: string;
      wave_id: string;
      dropping_point_id: string;
      received_by_id: string;
      received_by: string;
      received_at: Date;
      note: string | null;
      packs: ReceivedPack[];
    }[] = await manager.query(
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
    return rows.map((row) => ({
      id: row.id,
      waveId: row.wave_id,
      droppingPointId: row.dropping_point_id,
      receivedById: row.received_by_id,
      receivedBy: row.received_by,
      receivedAt: row.received_at,
      note: row.note,
      packs: row.packs,
    }));
  }

  /** Surplus packs moved out of or into the point for the wave, oldest first (or the one named). */
  async transfers(
    pointId: string,
    waveId: string,
    transferId?: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StockTransferRecord[]> {
    const rows: {
      id: string;
      from_point_id: string;
      from_point: string;
      to_point_id: string;
      to_point: string;
      recorded_by: string;
      recorded_at: Date;
      note: string | null;
      packs: ReceivedPack[];
    }[] = await manager.query(
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
    return rows.map((row) => ({
      id: row.id,
      fromPointId: row.from_point_id,
      fromPoint: row.from_point,
      toPointId: row.to_point_id,
      toPoint: row.to_point,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
      note: row.note,
      packs: row.packs,
    }));
  }

  /** Per pack of the wave at the point, by product and size. */
  async stockLines(pointId: string, waveId: string, manager: EntityManager = this.dataSource.manager): Promise<PackStockLine[]> {
    const rows: {
      pack_id: string;
      product_name: string;
      size_kg: number;
      ordered: number;
      paid: number;
      received: number;
      moved_in: number;
      moved_out: number;
      handed_over: number;
    }[] = await manager.query(
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
    return rows.map((row) => ({
      packId: row.pack_id,
      productName: row.product_name,
      sizeKg: row.size_kg,
      ordered: row.ordered,
      paid: row.paid,
      received: row.received,
      movedIn: row.moved_in,
      movedOut: row.moved_out,
      handedOver: row.handed_over,
    }));
  }
}
