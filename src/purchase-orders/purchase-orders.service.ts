import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { toWib } from '../common/time';
import { ReceiptsService } from '../desk/receipts.service';
import { DomainEvents } from '../events/domain-events';
import { OrdersService } from '../orders/orders.service';
import { Role } from '../users/role.enum';
import { WaveProgressService } from '../waves/wave-progress.service';
import { WavesService } from '../waves/waves.service';
import { ConfirmPurchaseOrderDto } from './dto/confirm-purchase-order.dto';
import { CreateShipmentDto } from './dto/create-shipment.dto';
import { SettleSurplusDto } from './dto/settle-surplus.dto';
import { loadPurchaseOrderDocument, loadPurchaseOrderParts, PurchaseOrderDocument, PurchaseOrderParts } from './purchase-order-document';
import { Deliveries, deliveriesOf, Invoice, invoiceOf, PointReceipts, SurplusOutcomes } from './purchase-order-invoice';
import { ShipmentManifestLine } from './purchase-order-shipment.entity';
import { loadedManifest, shipmentShortfall } from './shipment-manifest';
import { retrying } from '../database/retry';
import { cutRefundOwedSql } from '../desk/refund-owed';
import { PurchaseOrderStatus } from './purchase-order-status.enum';
import { PurchaseOrder } from './purchase-order.entity';
import { ShortfallService } from './shortfall.service';

/** Cutting a shortfall locks many orders: a deadlock with a desk action is run again, not answered with a 500. */
const MAX_ATTEMPTS = 3;

/** A purchase order as the API shows it: the document, and what reached each dropping point. */
export type ShownPurchaseOrder = PurchaseOrderDocument & { deliveries: Deliveries };

@Injectable()
export class PurchaseOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly orders: OrdersService,
    private readonly shortfalls: ShortfallService,
    private readonly progress: WaveProgressService,
    private readonly events: DomainEvents,
    private readonly receipts: ReceiptsService,
  ) {}

  /** The purchase orders of a wave: all of them for an administrator, their own for a cooperative manager. */
  async listForWave(waveId: string, user: AuthUser): Promise<ShownPurchaseOrder[]> {
    await this.waves.get(waveId, user);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT po.id FROM purchase_orders po JOIN cooperatives c ON c.id = po.cooperative_id
        WHERE po.wave_id = $1 AND ($2::uuid IS NULL OR po.cooperative_id = $2) ORDER BY c.name`,
      [waveId, user.role === Role.CoopManager ? (user.cooperativeId ?? null) : null],
    );
    const documents = [];
    for (const row of rows) documents.push(await this.withDeliveries(row.id));
    return documents;
  }

  /** The purchase order, with what reached each dropping point (the officers' goods receipts, transport losses, surplus). */
  async get(id: string, user: AuthUser): Promise<ShownPurchaseOrder> {
    await this.authorised(this.dataSource.manager, id, user);
    return this.withDeliveries(id);
  }

  private async withDeliveries(id: string): Promise<ShownPurchaseOrder> {
    const parts = (await loadPurchaseOrderParts(this.dataSource.manager, id))!;
    return { ...parts.document, deliveries: await this.deliveries(parts) };
  }

  private async deliveries(parts: PurchaseOrderParts, manager: EntityManager = this.dataSource.manager): Promise<Deliveries> {
    const outcomes: SurplusOutcomes[] = await manager.query(
      `SELECT dropping_point_id, wave_pack_id, outcome, sum(packs)::int AS packs FROM purchase_order_surplus
        WHERE purchase_order_id = $1 GROUP BY 1, 2, 3`,
      [parts.document.id],
    );
    return deliveriesOf(parts, await this.receiptsOf(parts), outcomes);
  }

  /**
   * Packs received at a point beyond what was shipped: the cooperative took them back (`returned`)
   * or the programme keeps them and pays at the wave's price (`settled`, an administrator's
   * decision; it is added to the invoice). At most the surplus nobody has dealt with yet.
   */
  async settleSurplus(id: string, user: AuthUser, dto: SettleSurplusDto): Promise<Deliveries[number]> {
    await this.authorised(this.dataSource.manager, id, user);
    if (dto.outcome === 'settled' && user.role !== Role.Admin)
      throw DomainError.forbidden('Only the programme administrator settles a surplus (the programme pays for it)');
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM purchase_orders WHERE id = $1 FOR UPDATE', [id]);
      const parts = (await loadPurchaseOrderParts(manager, id))!;
      const point = (await this.deliveries(parts, manager)).find((entry) => entry.droppingPointId === dto.droppingPointId);
      if (!point) throw DomainError.validation('droppingPointId', 'droppingPointId is not a dropping point of this purchase order');
      const seen = new Set<string>();
      const rows = dto.packs.map((pack, index) => {
        const field = `packs.${index}`;
        if (seen.has(`${pack.productId}|${pack.sizeKg}`)) throw DomainError.validation(field, 'each product and pack size may appear once');
        seen.add(`${pack.productId}|${pack.sizeKg}`);
        const line = point.lines.find((entry) => entry.productId === pack.productId && entry.sizeKg === pack.sizeKg);
        const catalog = parts.catalog.find((entry) => entry.productId === pack.productId && entry.sizeKg === pack.sizeKg);
        if (!line || !catalog) throw DomainError.validation(field, 'no surplus of this product and pack size at this dropping point');
        if (pack.packs > line.surplusOpenPacks)
          throw DomainError.validation(
            `${field}.packs`,
            `at most ${line.surplusOpenPacks} surplus packs of ${pack.sizeKg} kg are open here`,
          );
        return [catalog.wavePackId, pack.packs] as const;
      });
      await manager.query(
        `INSERT INTO purchase_order_surplus (purchase_order_id, dropping_point_id, wave_pack_id, packs, outcome, recorded_by_user_id)
         SELECT $1, $2, x.pack_id, x.packs, $3, $4 FROM unnest($5::uuid[], $6::int[]) AS x(pack_id, packs)`,
        [id, dto.droppingPointId, dto.outcome, user.userId, rows.map((row) => row[0]), rows.map((row) => row[1])],
      );
    });
    const parts = (await loadPurchaseOrderParts(this.dataSource.manager, id))!;
    return (await this.deliveries(parts)).find((entry) => entry.droppingPointId === dto.droppingPointId)!;
  }

  /**
   * What the programme owes the cooperative for the wave: the goods received at the points (at
   * most what was shipped) at the wave's prices, with what was short accounted for.
   */
  async invoice(id: string, user: AuthUser): Promise<Invoice> {
    await this.authorised(this.dataSource.manager, id, user);
    const parts = (await loadPurchaseOrderParts(this.dataSource.manager, id))!;
    return invoiceOf(parts, await this.deliveries(parts));
  }

  /** The goods receipts at the purchase order's points, read through the desk's own service. */
  private async receiptsOf(parts: PurchaseOrderParts): Promise<PointReceipts[]> {
    const result: PointReceipts[] = [];
    for (const point of parts.points) result.push(await this.receipts.receiptsAt(point.id, parts.document.wave.id));
    return result;
  }

  /**
   * The cooperative confirms what it will supply. A shortfall is cut from buyers' orders in the
   * same transaction, and only before the payment deadline: buyers must know what they pay for.
   * When this was the wave's last purchase order to confirm, the wave becomes confirmed.
   */
  async confirm(id: string, user: AuthUser, dto: ConfirmPurchaseOrderDto): Promise<PurchaseOrderDocument> {
    await this.authorised(this.dataSource.manager, id, user);
    await retrying(
      () =>
        this.dataSource.transaction(async (manager) => {
          const order = await this.lockForAction(manager, id);
          if (order.status !== PurchaseOrderStatus.Sent)
            throw DomainError.invalidTransition(`Purchase order ${order.number} is already confirmed`);
          const shortfalls = dto.shortfalls ?? [];
          if (shortfalls.length > 0) {
            const [{ too_late }]: { too_late: boolean }[] = await manager.query(
              'SELECT payment_deadline <= now() AS too_late FROM waves WHERE id = $1',
              [order.waveId],
            );
            if (too_late) {
              throw new DomainError(
                ErrorCode.ShortfallTooLate,
                "The wave's payment deadline has passed: a shortfall can no longer be cut from buyers' orders; confirm without one, or settle it with the programme",
              );
            }
            await this.shortfalls.apply(manager, order, shortfalls);
          }
          await manager.query(
            `UPDATE purchase_orders SET status = 'confirmed', confirmed_at = now(), confirmed_by_user_id = $2 WHERE id = $1 AND status = 'sent'`,
            [id, user.userId],
          );
          await this.progress.advanceWithin(manager, order.waveId);
        }),
      { times: MAX_ATTEMPTS },
    );
    return (await loadPurchaseOrderDocument(this.dataSource.manager, id))!;
  }

  /**
   * Marks one dropping point's delivery as shipped, recording what was loaded for it (what its
   * buyers' orders hold at this moment). When every point that needs goods has its shipment, the
   * wave becomes delivered.
   */
  async ship(id: string, user: AuthUser, dto: CreateShipmentDto) {
    await this.authorised(this.dataSource.manager, id, user);
    return retrying(
      () =>
        this.dataSource.transaction(async (manager) => {
          const order = await this.lockForAction(manager, id);
          if (order.status !== PurchaseOrderStatus.Confirmed)
            throw DomainError.invalidTransition(`Purchase order ${order.number} must be confirmed before it ships`);
          const shipments: { id: string; shipped_at: Date | null }[] = await manager.query(
            'SELECT id, shipped_at FROM purchase_order_shipments WHERE purchase_order_id = $1 AND dropping_point_id = $2 FOR UPDATE',
            [id, dto.droppingPointId],
          );
          if (shipments.length === 0)
            throw DomainError.validation('droppingPointId', 'droppingPointId is not a dropping point of this purchase order');
          if (shipments[0].shipped_at)
            throw DomainError.invalidTransition(`This dropping point's delivery was already shipped at ${toWib(shipments[0].shipped_at)}`);
          const manifest: Omit<ShipmentManifestLine, 'duePacks'>[] = await manager.query(
            `SELECT t.wave_pack_id AS "wavePackId", wp.product_id AS "productId", pk.size_kg AS "sizeKg", sum(t.packs)::int AS packs
             FROM wave_pack_tallies t JOIN wave_packs pk ON pk.id = t.wave_pack_id JOIN wave_products wp ON wp.id = pk.wave_product_id
            WHERE t.wave_id = $1 AND t.dropping_point_id = $2 AND wp.cooperative_id = $3
            GROUP BY 1, 2, 3 HAVING sum(t.packs) > 0 ORDER BY 2, 3`,
            [order.waveId, dto.droppingPointId, order.cooperativeId],
          );
          const loaded = loadedManifest(manifest, dto);
          const shippedKg = loaded.reduce((sum, line) => sum + line.sizeKg * line.packs, 0);
          const vehicle = dto.vehicle?.trim() || null;
          const driver = dto.driver?.trim() || null;
          const [rows]: [{ shipped_at: Date }[], number] = await manager.query(
            `UPDATE purchase_order_shipments SET shipped_at = now(), shipped_by_user_id = $2, shipped_kg = $3, manifest = $4, vehicle = $5, driver = $6
            WHERE id = $1 AND shipped_at IS NULL RETURNING shipped_at`,
            [shipments[0].id, user.userId, shippedKg, JSON.stringify(loaded), vehicle, driver],
          );
          await this.events.publish(manager, {
            type: 'purchase_order.shipped',
            purchaseOrderId: id,
            droppingPointId: dto.droppingPointId,
            shipmentId: shipments[0].id,
          });
          const waveStatus = await this.progress.advanceWithin(manager, order.waveId);
          return {
            id: shipments[0].id,
            purchaseOrderId: id,
            droppingPointId: dto.droppingPointId,
            status: 'shipped',
            shippedAt: toWib(rows[0].shipped_at),
            shippedKg,
            vehicle,
            driver,
            manifest: loaded,
            shortfall: shipmentShortfall(loaded),
            waveStatus,
          };
        }),
      { times: MAX_ATTEMPTS },
    );
  }

  /** A buyer's (or their officer's) view of what shortfalls did to an order. */
  async amendmentsOfOrder(orderId: string, user: AuthUser) {
    const order = await this.orders.get(orderId, user);
    const rows: {
      number: string;
      product_id: string;
      name: string;
      size_kg: number;
      packs_before: number;
      packs_cut: number;
      kg: number;
      amount_rp: string;
      refund_due_rp: string;
      voucher_back_rp: string;
      order_cancelled: boolean;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT po.number, wp.product_id, p.name, c.size_kg, c.packs_before, c.packs_cut, c.kg, c.amount_rp, c.order_cancelled, c.created_at,
              c.voucher_back_rp,
              ${cutRefundOwedSql('c')} AS refund_due_rp
         FROM shortfall_cuts c JOIN purchase_orders po ON po.id = c.purchase_order_id
         JOIN wave_products wp ON wp.id = c.wave_product_id JOIN products p ON p.id = wp.product_id
        WHERE c.order_id = $1 ORDER BY p.name, c.size_kg`,
      [orderId],
    );
    return {
      orderId,
      status: order.status,
      cancelReason: order.cancelReason,
      totalKg: order.totalKg,
      totalRp: order.totalRp,
      amendments: rows.map((row) => ({
        reason: 'shortfall',
        explanation:
          `The cooperative could not supply all the ${row.name} ordered in this wave (purchase order ${row.number}). ` +
          'Shortfalls are cut from the latest orders first, so earlier orders are kept whole.',
        purchaseOrderNumber: row.number,
        productId: row.product_id,
        productName: row.name,
        sizeKg: row.size_kg,
        packsBefore: row.packs_before,
        packsCut: row.packs_cut,
        kgCut: row.kg,
        amountRpCut: Number(row.amount_rp),
        // Money owed back (cash, transfer, QRIS); what the cut gave back to the order's voucher is apart.
        refundDueRp: Number(row.refund_due_rp),
        voucherBackRp: Number(row.voucher_back_rp),
        orderCancelled: row.order_cancelled,
        at: toWib(row.created_at),
      })),
    };
  }

  /**
   * 404 for an unknown purchase order; 403 for a cooperative manager of another cooperative (that
   * a wave has purchase orders is no secret: its status says so; their contents are).
   */
  private async authorised(manager: EntityManager, id: string, user: AuthUser): Promise<PurchaseOrder> {
    const order = await manager.findOneBy(PurchaseOrder, { id });
    if (!order) throw DomainError.notFound('Purchase order');
    if (user.role === Role.CoopManager && order.cooperativeId !== user.cooperativeId) {
      throw DomainError.forbidden('This purchase order belongs to another cooperative');
    }
    if (user.role !== Role.CoopManager && user.role !== Role.Admin) throw DomainError.forbidden();
    return order;
  }

  /** Locks the wave (every step of a wave's progress runs under it, one at a time), then the purchase order. */
  private async lockForAction(manager: EntityManager, id: string): Promise<PurchaseOrder> {
    const heads: { wave_id: string }[] = await manager.query('SELECT wave_id FROM purchase_orders WHERE id = $1', [id]);
    await manager.query('SELECT 1 FROM waves WHERE id = $1 FOR NO KEY UPDATE', [heads[0].wave_id]);
    return manager.findOneOrFail(PurchaseOrder, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
