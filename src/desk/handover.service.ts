import { Injectable } from '@nestjs/common';
import * as QRCode from 'qrcode';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { OrderReleaseService } from '../orders/order-release.service';
import { OrderStateService } from '../orders/order-state.service';
import { CancelReason, Fulfilment, OrderStatus } from '../orders/order-status.enum';
import { assertTransition, isPaidStatus, PAID_AT_POINT_STATES } from '../orders/order-transitions';
import { normalisePickupCode } from '../orders/pickup-code';
import { Role } from '../users/role.enum';
import { DeskIdempotency, Outcome } from './desk-idempotency';
import { deskOrderView, DeskOrdersService, DeskOrderView } from './desk-orders.service';
import { DeskOrder, DeskTransactions } from './desk-transactions';
import { PayCashAndHandOverDto, PartialHandoverDto } from './dto/desk-steps.dto';
import { PaymentMethod } from './payment.entity';
import { DeskRepository } from './desk.repository';
import { HandoverRepository } from './handover.repository';
import { DeskPaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { RefundPayoutsRepository } from './refund-payouts.repository';
import { availablePacks } from './stock';
import { StockService } from './stock.service';

@Injectable()
export class HandoverService {
  constructor(
    private readonly desk: DeskTransactions,
    private readonly stock: StockService,
    private readonly release: OrderReleaseService,
    private readonly audit: AuditService,
    private readonly deskOrders: DeskOrdersService,
    private readonly once: DeskIdempotency,
    private readonly orderState: OrderStateService,
    private readonly payments: PaymentsService,
    private readonly repository: HandoverRepository,
    private readonly orders: DeskRepository,
    private readonly paymentRecords: DeskPaymentsRepository,
    private readonly refundPayouts: RefundPayoutsRepository,
  ) {}

  /**
   * ready -> picked_up against the buyer's pickup code, once, at the order's own point. A paid
   * order whose goods were not marked ready passes through ready first: when receipts were
   * recorded at the point its packs must be among them (else GOODS_NOT_RECEIVED); when none was
   * recorded yet, the officer handing the packs over is the proof they are there.
   */
  async handOver(orderId: string, user: AuthUser, pickupCode: string, key: string | null): Promise<Outcome<DeskOrderView>> {
    const canonical = { orderId, pickupCode: normalisePickupCode(pickupCode) };
    return this.desk.withOrder(orderId, user, (manager, order) =>
      this.once.run(manager, user, { key, action: 'handover', canonical }, async () => {
        await this.handOverLocked(manager, order, user, pickupCode);
        return deskOrderView(await this.deskOrders.getOne(order.id, manager));
      }),
    );
  }

  /**
   * The common case in one action: the buyer pays the exact cash and takes the packs. Both happen
   * or neither: a wrong code or goods not received takes no cash.
   */
  async payCashAndHandOver(
    orderId: string,
    user: AuthUser,
    dto: PayCashAndHandOverDto,
    key: string | null,
  ): Promise<Outcome<DeskOrderView>> {
    const canonical = { orderId, amountRp: dto.amountRp, pickupCode: normalisePickupCode(dto.pickupCode) };
    return this.desk.withOrder(orderId, user, (manager, order) =>
      this.once.run(manager, user, { key, action: 'pay_handover', canonical }, async () => {
        assertPickupCode(order, dto.pickupCode);
        await this.payments.payLocked(manager, order, user, { method: PaymentMethod.Cash, amountRp: dto.amountRp });
        const status = await this.orders.orderStatus(manager, order.id);
        await this.handOverLocked(manager, { ...order, status }, user, dto.pickupCode);
        return deskOrderView(await this.deskOrders.getOne(order.id, manager));
      }),
    );
  }

  /**
   * Fewer packs than ordered when the point is short: the packs given now are recorded and taken
   * from the point's stock, the rest stays owed (the order stays paid or ready) until the final
   * hand-over. Packs that complete the order make it the ordinary hand-over.
   */
  async handOverPart(orderId: string, user: AuthUser, dto: PartialHandoverDto, key: string | null): Promise<Outcome<DeskOrderView>> {
    const packs = [...dto.packs].sort((a, b) => (a.packId < b.packId ? -1 : 1)).map((pack) => [pack.packId, pack.quantity]);
    const canonical = { orderId, pickupCode: normalisePickupCode(dto.pickupCode), packs };
    return this.desk.withOrder(orderId, user, (manager, order) =>
      this.once.run(manager, user, { key, action: 'handover_part', canonical }, async () => {
        await this.handOverPartLocked(manager, order, user, dto);
        return deskOrderView(await this.deskOrders.getOne(order.id, manager));
      }),
    );
  }

  private async handOverPartLocked(manager: EntityManager, order: DeskOrder, user: AuthUser, dto: PartialHandoverDto): Promise<void> {
    assertPickupCode(order, dto.pickupCode);
    if (order.fulfilment === Fulfilment.Delivery) {
      throw DomainError.invalidTransition('A home delivery leaves the point by courier, trip by trip, not across the desk');
    }
    assertHandable(order.status);
    const owed = await this.repository.packsOwed(manager, order.id);
    const seen = new Set<string>();
    dto.packs.forEach((pack, index) => {
      const left = owed.get(pack.packId);
      if (left === undefined) throw DomainError.validation(`packs.${index}.packId`, 'packId is not a pack of this order');
      if (seen.has(pack.packId)) throw DomainError.validation(`packs.${index}.packId`, 'each pack may appear once');
      seen.add(pack.packId);
      if (pack.quantity > left) throw DomainError.validation(`packs.${index}.quantity`, `quantity must be at most ${left} (still owed)`);
    });
    const completes = [...owed].every(([packId, left]) => (dto.packs.find((pack) => pack.packId === packId)?.quantity ?? 0) === left);
    if (completes) return this.handOverLocked(manager, order, user, dto.pickupCode);
    // A ready order's packs are set aside already; a paid one takes them from what is free at the point.
    if (order.status === OrderStatus.Paid && (await this.stock.hasReceipt(manager, order.wave_id, order.dropping_point_id))) {
      const free = availablePacks(
        await this.stock.received(manager, order.wave_id, order.dropping_point_id),
        await this.stock.allocated(manager, order.wave_id, order.dropping_point_id),
      );
      dto.packs.forEach((pack, index) => {
        const there = free.get(pack.packId) ?? 0;
        if (pack.quantity > there) {
          throw new DomainError(ErrorCode.GoodsNotReceived, `Only ${there} of these packs are free at this point`, [
            { field: `packs.${index}.quantity`, messages: [`quantity must be at most ${there} (free at the point)`] },
          ]);
        }
      });
    }
    await this.repository.addPartial(manager, {
      orderId: order.id,
      waveId: order.wave_id,
      pointId: order.dropping_point_id,
      handedOverById: user.userId,
      packs: dto.packs,
    });
    await this.audit.record(manager, {
      action: 'order.handed_over_in_part',
      entityType: 'order',
      entityId: order.id,
      orderId: order.id,
      waveId: order.wave_id,
      droppingPointId: order.dropping_point_id,
      after: { packs: dto.packs },
      details: { pickupCodeVerified: true, packsOwedBefore: Object.fromEntries(owed) },
    });
  }

  private async handOverLocked(manager: EntityManager, order: DeskOrder, user: AuthUser, pickupCode: string): Promise<void> {
    assertPickupCode(order, pickupCode);
    assertHandable(order.status);
    let readyWithoutReceipt = false;
    if (order.status === OrderStatus.Paid) {
      if (await this.stock.hasReceipt(manager, order.wave_id, order.dropping_point_id)) {
        const ready = await this.stock.makeReady(manager, order.wave_id, order.dropping_point_id);
        if (!ready.includes(order.id)) {
          throw new DomainError(ErrorCode.GoodsNotReceived, 'The packs of this order are not among the goods received at this point');
        }
      } else {
        await this.orderState.transition(manager, order.id, OrderStatus.Ready, { from: [OrderStatus.Paid] });
        readyWithoutReceipt = true;
      }
      order.status = OrderStatus.Ready;
    }
    assertTransition(order.status, OrderStatus.PickedUp);
    await this.repository.add(manager, {
      orderId: order.id,
      waveId: order.wave_id,
      pointId: order.dropping_point_id,
      handedOverById: user.userId,
    });
    await this.orderState.transition(manager, order.id, OrderStatus.PickedUp, {});
    await this.audit.record(manager, {
      action: 'order.handed_over',
      entityType: 'order',
      entityId: order.id,
      orderId: order.id,
      waveId: order.wave_id,
      droppingPointId: order.dropping_point_id,
      details: { pickupCodeVerified: true, fulfilment: order.fulfilment, readyWithoutReceipt },
    });
  }

  /**
   * A no-show. One who never paid: the order is cancelled for non-payment (or, when their payment
   * was reversed to pay them back, as a refunded no-show). One who paid and did not come: the
   * order is closed as a refunded no-show with its payment standing, so the money is owed back
   * (the desk pays it out, POST /orders/:id/refund-payouts) and its packs are free for others.
   * Its kg go back to the wave when the wave still takes orders.
   */
  async cancelNoShow(orderId: string, user: AuthUser, note?: string): Promise<void> {
    await this.desk.withOrder(orderId, user, async (manager, order) => {
      if (isPaidStatus(order.status)) return this.cancelPaidNoShow(manager, order, note);
      assertTransition(order.status, OrderStatus.Cancelled);
      // A buyer who paid, did not come and was paid back (the payment reversed) did not fail to pay.
      const refunded = await this.paymentRecords.anyReversed(manager, order.id);
      await this.release.cancel(manager, [order.id], refunded ? CancelReason.NoShowRefunded : CancelReason.Officer, order.wave_open);
      await this.audit.record(manager, {
        action: refunded ? 'order.cancelled_no_show_refunded' : 'order.cancelled_unpaid',
        entityType: 'order',
        entityId: order.id,
        orderId: order.id,
        waveId: order.wave_id,
        droppingPointId: order.dropping_point_id,
        details: { note: note ?? null, capacityReturned: order.wave_open },
      });
    });
  }

  private async cancelPaidNoShow(manager: EntityManager, order: DeskOrder, note?: string): Promise<void> {
    if (!PAID_AT_POINT_STATES.includes(order.status)) {
      throw DomainError.invalidTransition(`An order that is ${order.status.replace(/_/g, ' ')} is not a no-show`);
    }
    if (await this.repository.handedInPart(manager, order.id)) {
      throw DomainError.invalidTransition('Part of this order was handed over already: hand over the rest instead');
    }
    await this.release.cancel(manager, [order.id], CancelReason.NoShowRefunded, order.wave_open);
    // Its packs are free again: a paid order that was short may take them.
    if (order.status === OrderStatus.Ready) await this.stock.makeReady(manager, order.wave_id, order.dropping_point_id);
    const owedRp = await this.refundPayouts.owedOnOrderRp(manager, order.id);
    await this.audit.record(manager, {
      action: 'order.cancelled_no_show_paid',
      entityType: 'order',
      entityId: order.id,
      orderId: order.id,
      waveId: order.wave_id,
      droppingPointId: order.dropping_point_id,
      details: { note: note ?? null, capacityReturned: order.wave_open, refundOwedRp: owedRp },
    });
  }

  /** The pickup code as a QR image: for the buyer of the order (else 404) or an officer of its point (else 403). */
  async qrPng(orderId: string, user: AuthUser): Promise<Buffer> {
    if (user.role === Role.Buyer) {
      const pickupCode = await this.orders.buyersPickupCode(orderId, user.buyerId);
      if (pickupCode === null) throw DomainError.notFound('Order');
      return qrPng(pickupCode);
    }
    await this.desk.assertOrderScope(orderId, user);
    return qrPng(await this.orders.pickupCode(orderId));
  }
}

function assertPickupCode(order: DeskOrder, pickupCode: string): void {
  if (normalisePickupCode(pickupCode) !== order.pickup_code) {
    throw new DomainError(ErrorCode.PickupCodeMismatch, 'This pickup code does not belong to this order', [
      { field: 'pickupCode', messages: ['pickupCode does not match the order'] },
    ]);
  }
}

function assertHandable(status: OrderStatus): void {
  if (status === OrderStatus.Placed) throw DomainError.invalidTransition('An unpaid order cannot be handed over');
  if (status === OrderStatus.PickedUp) throw DomainError.invalidTransition('This order has already been handed over');
  if (status !== OrderStatus.Paid) assertTransition(status, OrderStatus.PickedUp);
}

/** The QR code holds the pickup code itself, nothing else: the desk reads it into the hand-over form. */
export function qrPng(pickupCode: string): Promise<Buffer> {
  return QRCode.toBuffer(pickupCode, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
}
