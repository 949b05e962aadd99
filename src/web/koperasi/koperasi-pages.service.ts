import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { DomainError } from '../../common/domain-error';
import { Role } from '../../users/role.enum';
import { waveTakesOrdersSql } from '../../waves/wave-transitions';

export interface PurchaseOrderRow {
  id: string;
  number: string;
  status: string;
  issued_at: Date;
  wave_name: string;
  hand_out_date: string;
  total_kg: number;
  total_rp: string;
}

export interface CutRow {
  order_id: string;
  pickup_code: string;
  buyer_name: string;
  agency: string;
  point_name: string;
  product_name: string;
  kg: number;
  amount_rp: string;
  order_cancelled: boolean;
  refund_due_rp: string;
}

export interface OpenWaveRow {
  wave_id: string;
  wave_name: string;
  closes_at: Date;
  point_name: string;
  product_name: string;
  capacity_kg: number;
  kg: number;
}

/** What the manager's pages read beyond the purchase-order API: lists across waves, who a shortfall cut, open waves. */
@Injectable()
export class KoperasiPagesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  cooperativeOf(user: AuthUser): string {
    if (user.role !== Role.CoopManager || !user.cooperativeId) throw DomainError.forbidden('Only a cooperative manager has these pages');
    return user.cooperativeId;
  }

  purchaseOrders(cooperativeId: string): Promise<PurchaseOrderRow[]> {
    return this.dataSource.query(
      `SELECT po.id, po.number, po.status, po.issued_at, w.name AS wave_name, w.hand_out_date::text AS hand_out_date, po.total_kg, po.total_rp
         FROM purchase_orders po JOIN waves w ON w.id = po.wave_id
        WHERE po.cooperative_id = $1 ORDER BY po.issued_at DESC LIMIT 200`,
      [cooperativeId],
    );
  }

  /** The orders a shortfall cut, latest first as the rule cuts them: the page names them. */
  cuts(purchaseOrderId: string): Promise<CutRow[]> {
    return this.dataSource.query(
      `SELECT c.order_id, o.pickup_code, b.name AS buyer_name, b.agency, dp.name AS point_name, p.name AS product_name,
              sum(c.kg)::int AS kg, sum(c.amount_rp) AS amount_rp, bool_or(c.order_cancelled) AS order_cancelled, sum(c.refund_due_rp) AS refund_due_rp
         FROM shortfall_cuts c JOIN orders o ON o.id = c.order_id JOIN buyers b ON b.id = o.buyer_id
         JOIN dropping_points dp ON dp.id = c.dropping_point_id
         JOIN wave_products wp ON wp.id = c.wave_product_id JOIN products p ON p.id = wp.product_id
        WHERE c.purchase_order_id = $1
        GROUP BY c.order_id, o.pickup_code, b.name, b.agency, dp.name, p.name, o.placed_at
        ORDER BY o.placed_at DESC, p.name`,
      [purchaseOrderId],
    );
  }

  /** While a wave is open: the kg of this cooperative's products ordered so far, per point, from the tallies. */
  openWaves(cooperativeId: string): Promise<OpenWaveRow[]> {
    return this.dataSource.query(
      `SELECT w.id AS wave_id, w.name AS wave_name, w.closes_at, dp.name AS point_name, p.name AS product_name, wp.capacity_kg,
              coalesce((SELECT sum(t.packs * pk.size_kg) FROM wave_pack_tallies t JOIN wave_packs pk ON pk.id = t.wave_pack_id
                         WHERE t.wave_id = w.id AND pk.wave_product_id = wp.id AND t.dropping_point_id = dp.id), 0)::int AS kg
         FROM waves w JOIN wave_products wp ON wp.wave_id = w.id AND wp.cooperative_id = $1
         JOIN products p ON p.id = wp.product_id
         JOIN wave_dropping_points wdp ON wdp.wave_id = w.id JOIN dropping_points dp ON dp.id = wdp.dropping_point_id
        WHERE ${waveTakesOrdersSql('w')}
        ORDER BY w.closes_at, w.name, p.name, dp.name`,
      [cooperativeId],
    );
  }

  /**
   * A product's price per kg and the tonnage on offer. Packs priced at size x price follow the new
   * price; a pack with a price of its own keeps it. Published waves keep the prices they froze.
   */
  async updateProduct(cooperativeId: string, productId: string, change: { pricePerKgRp: number; availableKg: number }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows: { price_per_kg_rp: number }[] = await manager.query(
        'SELECT price_per_kg_rp FROM products WHERE id = $1 AND cooperative_id = $2 FOR UPDATE',
        [productId, cooperativeId],
      );
      if (rows.length === 0) throw DomainError.notFound('Product');
      await manager.query('UPDATE product_packs SET price_rp = size_kg * $2 WHERE product_id = $1 AND price_rp = size_kg * $3', [
        productId,
        change.pricePerKgRp,
        rows[0].price_per_kg_rp,
      ]);
      await manager.query('UPDATE products SET price_per_kg_rp = $2, available_kg = $3 WHERE id = $1', [
        productId,
        change.pricePerKgRp,
        change.availableKg,
      ]);
    });
  }
}
