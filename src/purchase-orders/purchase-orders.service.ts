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
import { Deliveries, deliveriesOf, Invoice, invoiceOf, PointReceipts } from './purchase-order-invoice';
import { loadedManifest, shipmentShortfall } from './shipment-manifest';
import { retrying } from '../database/retry';
import { PurchaseOrderStatus } from './purchase-order-status.enum';
import { PurchaseOrder } from './purchase-order.entity';
import { PurchaseOrderRepository } from './purchase-order.repository';
import { ShortfallRepository } from './shortfall.repository';
import { ShortfallService } from './shortfall.service';

/** Cutting a shortfall locks many orders: a deadlock with a desk action is run again, not answered with a 500. */
const MAX_ATTEMPTS = 3;

/** A purchase order as the API shows it: the document, and what reached each dropping point. */
export type ShownPurchaseOrder = PurchaseOrderDocument & { deliveries: Deliveries };

@Injectable()
export class PurchaseOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PurchaseOrderRepository,
    private readonly cuts: ShortfallRepository,
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
    const ids = await this.repository.idsOfWave(waveId, user.role === Role.CoopManager ? (user.cooperativeId ?? null) : null);
    const documents = [];
    for (const id of ids) documents.push(await this.withDeliveries(id));
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
    const outcomes = await this.repository.surplusOutcomes(manager, parts.document.id);
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
      await this.repository.lock(manager, id);
      const parts = (await loadPurchaseOrderParts(manager, id))!;
      const point = (await this.deliveries(parts, manager)).find((entry) => entry.droppingPointId === dto.droppingPointId);
      if (!point) throw DomainError.validation('droppingPointId', 'droppingPointId is not a dropping point of this purchase order');
      const seen = new Set<string>();
      const packs = dto.packs.map((pack, index) => {
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
      await this.repository.recordSurplus(manager, {
        purchaseOrderId: id,
        droppingPointId: dto.droppingPointId,
        outcome: dto.outcome,
        recordedByUserId: user.userId,
        packs,
      });
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
          const order = await this.repository.lockWithWave(manager, id);
          if (order.status !== PurchaseOrderStatus.Sent)
            throw DomainError.invalidTransition(`Purchase order ${order.number} is already confirmed`);
          const shortfalls = dto.shortfalls ?? [];
          if (shortfalls.length > 0) {
            if (await this.repository.paymentDeadlinePassed(manager, order.waveId)) {
              throw new DomainError(
                ErrorCode.ShortfallTooLate,
                "The wave's payment deadline has passed: a shortfall can no longer be cut from buyers' orders; confirm without one, or settle it with the programme",
              );
            }
            await this.shortfalls.apply(manager, order, shortfalls);
          }
          await this.repository.markConfirmed(manager, id, user.userId);
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
          const order = await this.repository.lockWithWave(manager, id);
          if (order.status !== PurchaseOrderStatus.Confirmed)
            throw DomainError.invalidTransition(`Purchase order ${order.number} must be confirmed before it ships`);
          const shipment = await this.repository.lockShipment(manager, id, dto.droppingPointId);
          if (!shipment) throw DomainError.validation('droppingPointId', 'droppingPointId is not a dropping point of this purchase order');
          if (shipment.shippedAt)
            throw DomainError.invalidTransition(`This dropping point's delivery was already shipped at ${toWib(shipment.shippedAt)}`);
          const due = await this.repository.dueAtPoint(manager, order.waveId, dto.droppingPointId, order.cooperativeId);
          const loaded = loadedManifest(due, dto);
          const shippedKg = loaded.reduce((sum, line) => sum + line.sizeKg * line.packs, 0);
          const vehicle = dto.vehicle?.trim() || null;
          const driver = dto.driver?.trim() || null;
          const shippedAt = await this.repository.markShipped(manager, shipment.id, {
            byUserId: user.userId,
            kg: shippedKg,
            manifest: loaded,
            vehicle,
            driver,
          });
          await this.events.publish(manager, {
            type: 'purchase_order.shipped',
            purchaseOrderId: id,
            droppingPointId: dto.droppingPointId,
            shipmentId: shipment.id,
          });
          const waveStatus = await this.progress.advanceWithin(manager, order.waveId);
          return {
            id: shipment.id,
            purchaseOrderId: id,
            droppingPointId: dto.droppingPointId,
            status: 'shipped',
            shippedAt: toWib(shippedAt),
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
    const cuts = await this.cuts.cutsOfOrder(orderId);
    return {
      orderId,
      status: order.status,
      cancelReason: order.cancelReason,
      totalKg: order.totalKg,
      totalRp: order.totalRp,
      amendments: cuts.map((cut) => ({
        reason: 'shortfall',
        explanation:
          `The cooperative could not supply all the ${cut.productName} ordered in this wave (purchase order ${cut.purchaseOrderNumber}). ` +
          'Shortfalls are cut from the latest orders first, so earlier orders are kept whole.',
        purchaseOrderNumber: cut.purchaseOrderNumber,
        productId: cut.productId,
        productName: cut.productName,
        sizeKg: cut.sizeKg,
        packsBefore: cut.packsBefore,
        packsCut: cut.packsCut,
        kgCut: cut.kg,
        amountRpCut: cut.amountRp,
        // Money owed back (cash, transfer, QRIS); what the cut gave back to the order's voucher is apart.
        refundDueRp: cut.refundDueRp,
        voucherBackRp: cut.voucherBackRp,
        orderCancelled: cut.orderCancelled,
        at: toWib(cut.createdAt),
      })),
    };
  }

  /**
   * 404 for an unknown purchase order; 403 for a cooperative manager of another cooperative (that
   * a wave has purchase orders is no secret: its status says so; their contents are).
   */
  private async authorised(manager: EntityManager, id: string, user: AuthUser): Promise<PurchaseOrder> {
    const order = await this.repository.find(manager, id);
    if (!order) throw DomainError.notFound('Purchase order');
    if (user.role === Role.CoopManager && order.cooperativeId !== user.cooperativeId) {
      throw DomainError.forbidden('This purchase order belongs to another cooperative');
    }
    if (user.role !== Role.CoopManager && user.role !== Role.Admin) throw DomainError.forbidden();
    return order;
  }
}
