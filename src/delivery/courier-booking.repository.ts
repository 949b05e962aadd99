import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface NewBooking {
  courier: string;
  externalId: string;
  feeRp: number;
  trackingUrl: string | null;
  idempotencyKey: string | null;
  recordedByUserId: string | null;
}

export interface NewWebhookEvent {
  courier: string;
  eventId: string;
  type: string;
  externalBookingId: string;
  payload: unknown;
}

/** Booked trips and their fees at one dropping point of a wave. */
export interface PointCourierFees {
  droppingPointId: string;
  name: string;
  trips: number;
  totalRp: number;
}

/** Courier bookings and the courier's webhook events. */
@Injectable()
export class CourierBookingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Throws the unique violation when the trip or the external id has a booking already. */
  async insert(manager: EntityManager, tripId: string, booking: NewBooking): Promise<void> {
    await manager.query(
      `INSERT INTO courier_bookings (trip_id, courier, external_id, idempotency_key, fee_rp, tracking_url, recorded_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tripId, booking.courier, booking.externalId, booking.idempotencyKey, booking.feeRp, booking.trackingUrl, booking.recordedByUserId],
    );
  }

  /** The trip the courier's booking belongs to; null while it is not recorded. */
  async tripOf(manager: EntityManager, courier: string, externalId: string): Promise<string | null> {
    const rows: { trip_id: string }[] = await manager.query(
      'SELECT trip_id FROM courier_bookings WHERE courier = $1 AND external_id = $2',
      [courier, externalId],
    );
    return rows[0]?.trip_id ?? null;
  }

  /** Records the event as not applied; false when the courier sent it before. */
  async recordWebhookEvent(manager: EntityManager, event: NewWebhookEvent): Promise<boolean> {
    const recorded: unknown[] = await manager.query(
      `INSERT INTO courier_webhook_events (courier, event_id, type, external_booking_id, applied, payload)
       VALUES ($1, $2, $3, $4, false, $5) ON CONFLICT DO NOTHING RETURNING event_id`,
      [event.courier, event.eventId, event.type, event.externalBookingId, JSON.stringify(event.payload)],
    );
    return recorded.length > 0;
  }

  async markWebhookEventApplied(manager: EntityManager, courier: string, eventId: string): Promise<void> {
    await manager.query('UPDATE courier_webhook_events SET applied = true WHERE courier = $1 AND event_id = $2', [courier, eventId]);
  }

  /** Booked trips and their fees per point of the wave that has any (only `points` when given), by point name. */
  async feesPerPoint(waveId: string, points: string[] | null): Promise<PointCourierFees[]> {
    const rows: { dropping_point_id: string; name: string; trips: number; total_rp: string }[] = await this.dataSource.query(
      `SELECT t.dropping_point_id, dp.name, count(*)::int AS trips, sum(b.fee_rp) AS total_rp
         FROM courier_bookings b JOIN delivery_trips t ON t.id = b.trip_id JOIN dropping_points dp ON dp.id = t.dropping_point_id
        WHERE t.wave_id = $1 AND ($2::uuid[] IS NULL OR t.dropping_point_id = ANY ($2))
        GROUP BY 1, 2 ORDER BY 2`,
      [waveId, points],
    );
    return rows.map((row) => ({ droppingPointId: row.dropping_point_id, name: row.name, trips: row.trips, totalRp: Number(row.total_rp) }));
  }
}
