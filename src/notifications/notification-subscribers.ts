import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../events/domain-events';
import { NotificationFanoutRepository } from './notification-fanout.repository';
import { NotificationRepository, StaffAudience } from './notification.repository';
import type { NotificationKind } from './templates';

/**
 * Turns domain events into notification rows, inside the transaction that published them. Nothing
 * here sends: the rows are queued after commit (NotificationRelay) and sent by the worker process.
 * "Wave opened" only records a fan-out; its million rows are written after commit, page by page.
 */
@Injectable()
export class NotificationSubscribers implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly notifications: NotificationRepository,
    private readonly fanouts: NotificationFanoutRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('wave.opened', (manager, event) =>
      this.fanouts.record(manager, { kind: 'wave_opened', eventKey: `wave.opened:${event.waveId}`, waveId: event.waveId }),
    );
    // Announced on publishing when the wave opens later; one that opens at once is announced as opened.
    this.events.subscribe('wave.published', (manager, event) =>
      this.fanouts.record(manager, { kind: 'wave_announced', eventKey: `wave.published:${event.waveId}`, waveId: event.waveId }, true),
    );
    this.events.subscribe('purchase_order.shortfall', (manager, event) => this.shortfall(manager, event.purchaseOrderId));
    this.events.subscribe('order.paid', (manager, event) =>
      this.notifications
        .forOrders(manager, { kind: 'order_paid', items: [{ orderId: event.orderId, eventKey: `order.paid:${event.paymentId}` }] })
        .then(() => undefined),
    );
    this.events.subscribe('order.cancelled', (manager, event) =>
      this.notifications
        .forOrders(manager, {
          kind: 'order_cancelled',
          items: event.orderIds.map((orderId) => ({ orderId, eventKey: `order.cancelled:${orderId}` })),
          extra: { cancelReason: event.reason },
        })
        .then(() => this.amendments(manager, event.orderIds, event.reason)),
    );
    this.events.subscribe('order.handed_over', (manager, event) =>
      this.notifications
        .forOrders(manager, {
          kind: 'order_handed_over',
          items: [{ orderId: event.orderId, eventKey: `order.handed_over:${event.orderId}` }],
        })
        .then(() => undefined),
    );
    this.events.subscribe('goods.received', (manager, event) => this.goodsArrived(manager, event.waveId, event.droppingPointId));
    this.events.subscribe('trip.booked', (manager, event) =>
      this.trip(manager, 'trip_booked', `trip.booked:${event.tripId}`, event.tripId),
    );
    this.events.subscribe('trip.delivered', (manager, event) =>
      this.trip(manager, 'trip_delivered', `trip.delivered:${event.tripId}`, event.tripId),
    );
    this.events.subscribe('trip.failed', async (manager, event) => {
      await this.trip(manager, 'trip_failed', `trip.failed:${event.tripId}`, event.tripId);
      await this.officersOfFailedTrip(manager, event.tripId, event.reason);
    });
    this.events.subscribe('purchase_order.shipped', (manager, event) => this.shipped(manager, event));
    this.events.subscribe('purchase_order.issued', (manager, event) => this.purchaseOrder(manager, event.purchaseOrderId));
  }

  /**
   * Orders cancelled after their wave's purchase orders were issued amend them: each cooperative
   * whose goods they held hears how many orders and kg fewer to deliver (a shortfall it confirmed
   * itself is not news to it).
   */
  private async amendments(manager: EntityManager, orderIds: string[], reason: string): Promise<void> {
    if (orderIds.length === 0 || reason === 'shortfall') return;
    const amended = await this.notifications.amendmentsBy(manager, orderIds);
    const first = [...orderIds].sort()[0];
    for (const po of amended) {
      await this.toCooperative(
        manager,
        { id: po.cooperativeId, phone: po.phone },
        {
          eventKey: `purchase_order.amended:${po.purchaseOrderId}:${first}`,
          kind: 'purchase_order_amended',
          params: {
            cooperative: po.cooperative,
            waveName: po.wave,
            number: po.number,
            orders: String(po.orders),
            kg: String(po.kg),
            cancelReason: reason,
            purchaseOrderId: po.purchaseOrderId,
          },
          waveId: po.waveId,
        },
      );
    }
  }

  /** Each order a confirmed shortfall cut hears what was cut, its new total and the refund it is owed. */
  private async shortfall(manager: EntityManager, purchaseOrderId: string): Promise<void> {
    await this.notifications.forShortfall(manager, purchaseOrderId);
  }

  /**
   * Every pickup order of the point in the wave that is still to be collected hears once that its
   * goods are there (a home delivery hears of its courier instead).
   */
  private async goodsArrived(manager: EntityManager, waveId: string, droppingPointId: string): Promise<void> {
    const orderIds = await this.notifications.pickupOrdersToCollect(manager, waveId, droppingPointId);
    await this.notifications.forOrders(manager, {
      kind: 'goods_arrived',
      items: orderIds.map((orderId) => ({ orderId, eventKey: `goods.received:${orderId}` })),
    });
  }

  private async trip(
    manager: EntityManager,
    kind: 'trip_booked' | 'trip_delivered' | 'trip_failed',
    eventKey: string,
    tripId: string,
  ): Promise<void> {
    const trip = await this.notifications.tripOrder(manager, tripId);
    if (!trip) return;
    const extra: Record<string, string> = kind === 'trip_booked' ? { trackingLink: trip.trackingUrl ?? '-' } : {};
    await this.notifications.forOrders(manager, { kind, items: [{ orderId: trip.orderId, eventKey }], extra });
  }

  /**
   * Messages to staff (officers, cooperative managers) at their notification contact: WhatsApp to
   * their phone (SMS as the fallback), or email when they gave only an address; `email: 'also'` asks
   * for email as well (the purchase order with its attachments).
   */
  private async toStaff(
    manager: EntityManager,
    audience: StaffAudience,
    message: {
      eventKey: string;
      kind: NotificationKind;
      params: Record<string, string>;
      waveId: string | null;
      /** Email as well as WhatsApp (not only when there is no phone). */
      email?: 'also';
      /** No WhatsApp to their own phone (another number hears it already). */
      skipPhone?: boolean;
    },
  ): Promise<void> {
    for (const person of await this.notifications.staffContacts(manager, audience)) {
      const base = { eventKey: message.eventKey, kind: message.kind, recipientKey: `user:${person.userId}`, language: person.language };
      const extra = { params: message.params, waveId: message.waveId ?? undefined };
      const phone = message.skipPhone ? null : person.phone;
      if (phone) await this.notifications.toPhone(manager, { ...base, ...extra, phone, channel: 'whatsapp' });
      if (person.email && (message.email === 'also' || !phone)) {
        await this.notifications.toPhone(manager, { ...base, ...extra, phone: person.email, channel: 'email' });
      }
    }
  }

  /** The officers of a dropping point hear that its goods have left the cooperative. */
  private async shipped(manager: EntityManager, event: { purchaseOrderId: string; droppingPointId: string; shipmentId: string }) {
    const shipment = await this.notifications.shipment(manager, event.shipmentId);
    if (!shipment) return;
    const kg = shipment.manifest.reduce((sum, line) => sum + line.sizeKg * line.packs, 0);
    const packs = shipment.manifest.map((line) => `${line.packs} x ${line.sizeKg} kg`).join(', ') || '0 kg';
    await this.toStaff(
      manager,
      { droppingPointId: event.droppingPointId },
      {
        eventKey: `purchase_order.shipped:${event.shipmentId}`,
        kind: 'shipment_on_the_way',
        params: {
          point: shipment.point,
          cooperative: shipment.cooperative,
          waveName: shipment.wave,
          packs: `${packs}; ${kg} kg`,
          droppingPointId: event.droppingPointId,
        },
        waveId: shipment.waveId,
      },
    );
  }

  /** The officers of the trip's dropping point hear that a delivery failed, to call the buyer and rearrange it. */
  private async officersOfFailedTrip(manager: EntityManager, tripId: string, reason: string | null): Promise<void> {
    const trip = await this.notifications.failedTrip(manager, tripId);
    if (!trip) return;
    await this.toStaff(
      manager,
      { droppingPointId: trip.pointId },
      {
        eventKey: `trip.failed:${tripId}`,
        kind: 'officer_trip_failed',
        params: { point: trip.point, pickupCode: trip.pickupCode, reason: reason ?? '-', droppingPointId: trip.pointId },
        waveId: trip.waveId,
      },
    );
  }

  /** The cooperative and its managers hear of its purchase order; the managers' email carries the PDF and the CSV. */
  private async purchaseOrder(manager: EntityManager, purchaseOrderId: string): Promise<void> {
    const po = await this.notifications.issuedPurchaseOrder(manager, purchaseOrderId);
    if (!po) return;
    await this.toCooperative(
      manager,
      { id: po.cooperativeId, phone: po.phone },
      {
        eventKey: `purchase_order.issued:${purchaseOrderId}`,
        kind: 'purchase_order_issued',
        params: { cooperative: po.cooperative, waveName: po.wave, number: po.number, purchaseOrderId },
        waveId: po.waveId,
        email: 'also',
      },
    );
  }

  /**
   * A cooperative hears by WhatsApp (SMS as the fallback) on its own phone, and each of its managers
   * at their notification contact: on their own phone only when the cooperative has none, by email
   * when they gave an address (with `email: 'also'` even when they have a phone).
   */
  private async toCooperative(
    manager: EntityManager,
    cooperative: { id: string; phone: string | null },
    message: { eventKey: string; kind: NotificationKind; params: Record<string, string>; waveId: string; email?: 'also' },
  ): Promise<void> {
    await this.toStaff(
      manager,
      { cooperativeId: cooperative.id },
      {
        ...message,
        skipPhone: Boolean(cooperative.phone),
      },
    );
    if (!cooperative.phone) return;
    await this.notifications.toPhone(manager, {
      eventKey: message.eventKey,
      kind: message.kind,
      recipientKey: `cooperative:${cooperative.id}`,
      phone: cooperative.phone,
      channel: 'whatsapp',
      language: 'id',
      params: message.params,
      waveId: message.waveId,
    });
  }
}
