import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../events/domain-events';
import { NotificationRecords, orderMessagesSql } from './notification-records';
import { e164DigitsSql } from './phone';
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
    private readonly records: NotificationRecords,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('wave.opened', (manager, event) =>
      this.fanOut(manager, 'wave_opened', `wave.opened:${event.waveId}`, event.waveId),
    );
    // Announced on publishing when the wave opens later; one that opens at once is announced as opened.
    this.events.subscribe('wave.published', (manager, event) =>
      this.fanOut(manager, 'wave_announced', `wave.published:${event.waveId}`, event.waveId, 'opens_at > now()'),
    );
    this.events.subscribe('purchase_order.shortfall', (manager, event) => this.shortfall(manager, event.purchaseOrderId));
    this.events.subscribe('order.paid', (manager, event) =>
      this.records
        .forOrders(manager, { kind: 'order_paid', items: [{ orderId: event.orderId, eventKey: `order.paid:${event.paymentId}` }] })
        .then(() => undefined),
    );
    this.events.subscribe('order.cancelled', (manager, event) =>
      this.records
        .forOrders(manager, {
          kind: 'order_cancelled',
          items: event.orderIds.map((orderId) => ({ orderId, eventKey: `order.cancelled:${orderId}` })),
          extra: { cancelReason: event.reason },
        })
        .then(() => this.amendments(manager, event.orderIds, event.reason)),
    );
    this.events.subscribe('order.handed_over', (manager, event) =>
      this.records
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

  /** Records a fan-out to every eligible buyer of the wave (when the wave satisfies `condition`); worked off after commit. */
  private async fanOut(
    manager: EntityManager,
    kind: NotificationKind,
    eventKey: string,
    waveId: string,
    condition = 'TRUE',
  ): Promise<void> {
    await manager.query(
      `INSERT INTO notification_fanouts (event_key, kind, wave_id) SELECT $1, $2, id FROM waves WHERE id = $3 AND ${condition}
       ON CONFLICT (event_key) DO NOTHING`,
      [eventKey, kind, waveId],
    );
  }

  /**
   * Orders cancelled after their wave's purchase orders were issued amend them: each cooperative
   * whose goods they held hears how many orders and kg fewer to deliver (a shortfall it confirmed
   * itself is not news to it).
   */
  private async amendments(manager: EntityManager, orderIds: string[], reason: string): Promise<void> {
    if (orderIds.length === 0 || reason === 'shortfall') return;
    const rows: {
      purchase_order_id: string;
      number: string;
      cooperative_id: string;
      cooperative: string;
      phone: string | null;
      wave_id: string;
      wave: string;
      orders: number;
      kg: number;
    }[] = await manager.query(
      `SELECT po.id AS purchase_order_id, po.number, c.id AS cooperative_id, c.name AS cooperative, ${e164DigitsSql('c.phone')} AS phone,
              w.id AS wave_id, w.name AS wave, count(DISTINCT o.id)::int AS orders, sum(i.size_kg * i.quantity)::int AS kg
         FROM orders o JOIN order_items i ON i.order_id = o.id JOIN wave_products wp ON wp.id = i.wave_product_id
         JOIN purchase_orders po ON po.wave_id = o.wave_id AND po.cooperative_id = wp.cooperative_id
         JOIN cooperatives c ON c.id = po.cooperative_id JOIN waves w ON w.id = po.wave_id
        WHERE o.id = ANY ($1::uuid[]) GROUP BY po.id, c.id, w.id`,
      [orderIds],
    );
    const first = [...orderIds].sort()[0];
    for (const row of rows) {
      await this.toCooperative(
        manager,
        { id: row.cooperative_id, phone: row.phone },
        {
          eventKey: `purchase_order.amended:${row.purchase_order_id}:${first}`,
          kind: 'purchase_order_amended',
          params: {
            cooperative: row.cooperative,
            waveName: row.wave,
            number: row.number,
            orders: String(row.orders),
            kg: String(row.kg),
            cancelReason: reason,
            purchaseOrderId: row.purchase_order_id,
          },
          waveId: row.wave_id,
        },
      );
    }
  }

  /** Each order a confirmed shortfall cut hears what was cut, its new total and the refund it is owed. */
  private async shortfall(manager: EntityManager, purchaseOrderId: string): Promise<void> {
    const written: unknown[] = await manager.query(
      orderMessagesSql(
        this.records.channelsSql,
        `SELECT c.order_id, 'purchase_order.shortfall:' || c.purchase_order_id || ':' || c.order_id AS event_key,
                jsonb_build_object('cut', string_agg(c.packs_cut || ' x ' || c.size_kg || ' kg ' || pr.name, ', ' ORDER BY pr.name, c.size_kg),
                                   'refundRp', sum(c.refund_due_rp)::text) AS extra
           FROM shortfall_cuts c JOIN wave_products wp ON wp.id = c.wave_product_id JOIN products pr ON pr.id = wp.product_id
          WHERE c.purchase_order_id = $1 GROUP BY c.order_id, c.purchase_order_id`,
        `'order_shortfall'`,
      ),
      [purchaseOrderId],
    );
    if (written.length > 0) await this.records.wake(manager);
  }

  /**
   * Every pickup order of the point in the wave that is still to be collected hears once that its
   * goods are there (a home delivery hears of its courier instead).
   */
  private async goodsArrived(manager: EntityManager, waveId: string, droppingPointId: string): Promise<void> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM orders WHERE wave_id = $1 AND dropping_point_id = $2 AND fulfilment = 'pickup' AND status IN ('placed', 'paid', 'ready')`,
      [waveId, droppingPointId],
    );
    await this.records.forOrders(manager, {
      kind: 'goods_arrived',
      items: rows.map((row) => ({ orderId: row.id, eventKey: `goods.received:${row.id}` })),
    });
  }

  private async trip(
    manager: EntityManager,
    kind: 'trip_booked' | 'trip_delivered' | 'trip_failed',
    eventKey: string,
    tripId: string,
  ): Promise<void> {
    const [trip]: { order_id: string; tracking_url: string | null }[] = await manager.query(
      `SELECT t.order_id, b.tracking_url FROM delivery_trips t LEFT JOIN courier_bookings b ON b.trip_id = t.id WHERE t.id = $1`,
      [tripId],
    );
    if (!trip) return;
    const extra: Record<string, string> = kind === 'trip_booked' ? { trackingLink: trip.tracking_url ?? '-' } : {};
    await this.records.forOrders(manager, { kind, items: [{ orderId: trip.order_id, eventKey }], extra });
  }

  /**
   * Messages to staff (officers, cooperative managers) at their notification contact: WhatsApp to
   * their phone (SMS as the fallback), or email when they gave only an address; `email: 'also'` asks
   * for email as well (the purchase order with its attachments).
   */
  private async toStaff(
    manager: EntityManager,
    userIdsSql: string,
    userParams: unknown[],
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
    const staff: { user_id: string; phone: string | null; email: string | null; language: 'id' | 'en' }[] = await manager.query(
      `SELECT u.id AS user_id, nc.phone, nc.email, nc.language FROM users u JOIN notification_contacts nc ON nc.user_id = u.id
        WHERE u.disabled_at IS NULL AND u.id IN (${userIdsSql}) ORDER BY u.id`,
      userParams,
    );
    for (const person of staff) {
      const base = { eventKey: message.eventKey, kind: message.kind, recipientKey: `user:${person.user_id}`, language: person.language };
      const extra = { params: message.params, waveId: message.waveId ?? undefined };
      const phone = message.skipPhone ? null : person.phone;
      if (phone) await this.records.toPhone(manager, { ...base, ...extra, phone, channel: 'whatsapp' });
      if (person.email && (message.email === 'also' || !phone)) {
        await this.records.toPhone(manager, { ...base, ...extra, phone: person.email, channel: 'email' });
      }
    }
  }

  /** The officers of a dropping point hear that its goods have left the cooperative. */
  private async shipped(manager: EntityManager, event: { purchaseOrderId: string; droppingPointId: string; shipmentId: string }) {
    const [shipment]: {
      wave_id: string;
      wave: string;
      cooperative: string;
      point: string;
      manifest: { sizeKg: number; packs: number }[];
    }[] = await manager.query(
      `SELECT w.id AS wave_id, w.name AS wave, c.name AS cooperative, dp.name AS point, s.manifest
           FROM purchase_order_shipments s JOIN purchase_orders po ON po.id = s.purchase_order_id
           JOIN waves w ON w.id = po.wave_id JOIN cooperatives c ON c.id = po.cooperative_id
           JOIN dropping_points dp ON dp.id = s.dropping_point_id WHERE s.id = $1`,
      [event.shipmentId],
    );
    if (!shipment) return;
    const kg = shipment.manifest.reduce((sum, line) => sum + line.sizeKg * line.packs, 0);
    const packs = shipment.manifest.map((line) => `${line.packs} x ${line.sizeKg} kg`).join(', ') || '0 kg';
    await this.toStaff(manager, `SELECT user_id FROM officer_dropping_points WHERE dropping_point_id = $1`, [event.droppingPointId], {
      eventKey: `purchase_order.shipped:${event.shipmentId}`,
      kind: 'shipment_on_the_way',
      params: {
        point: shipment.point,
        cooperative: shipment.cooperative,
        waveName: shipment.wave,
        packs: `${packs}; ${kg} kg`,
        droppingPointId: event.droppingPointId,
      },
      waveId: shipment.wave_id,
    });
  }

  /** The officers of the trip's dropping point hear that a delivery failed, to call the buyer and rearrange it. */
  private async officersOfFailedTrip(manager: EntityManager, tripId: string, reason: string | null): Promise<void> {
    const [trip]: { wave_id: string; pickup_code: string; point_id: string; point: string }[] = await manager.query(
      `SELECT o.wave_id, o.pickup_code, dp.id AS point_id, dp.name AS point
         FROM delivery_trips t JOIN orders o ON o.id = t.order_id JOIN dropping_points dp ON dp.id = o.dropping_point_id WHERE t.id = $1`,
      [tripId],
    );
    if (!trip) return;
    await this.toStaff(manager, `SELECT user_id FROM officer_dropping_points WHERE dropping_point_id = $1`, [trip.point_id], {
      eventKey: `trip.failed:${tripId}`,
      kind: 'officer_trip_failed',
      params: { point: trip.point, pickupCode: trip.pickup_code, reason: reason ?? '-', droppingPointId: trip.point_id },
      waveId: trip.wave_id,
    });
  }

  /** The cooperative and its managers hear of its purchase order; the managers' email carries the PDF and the CSV. */
  private async purchaseOrder(manager: EntityManager, purchaseOrderId: string): Promise<void> {
    const [po]: { cooperative_id: string; cooperative: string; phone: string | null; number: string; wave_id: string; wave: string }[] =
      await manager.query(
        `SELECT c.id AS cooperative_id, c.name AS cooperative, ${e164DigitsSql('c.phone')} AS phone, po.number, w.id AS wave_id, w.name AS wave
         FROM purchase_orders po JOIN cooperatives c ON c.id = po.cooperative_id JOIN waves w ON w.id = po.wave_id WHERE po.id = $1`,
        [purchaseOrderId],
      );
    if (!po) return;
    await this.toCooperative(
      manager,
      { id: po.cooperative_id, phone: po.phone },
      {
        eventKey: `purchase_order.issued:${purchaseOrderId}`,
        kind: 'purchase_order_issued',
        params: { cooperative: po.cooperative, waveName: po.wave, number: po.number, purchaseOrderId },
        waveId: po.wave_id,
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
    await this.toStaff(manager, `SELECT id FROM users WHERE role = 'COOP_MANAGER' AND cooperative_id = $1`, [cooperative.id], {
      ...message,
      skipPhone: Boolean(cooperative.phone),
    });
    if (!cooperative.phone) return;
    await this.records.toPhone(manager, {
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
