import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/*
 * The administrator's pages read these lists as their templates show them: the fields keep the
 * column names the templates use.
 */

export interface CalendarWave {
  id: string;
  name: string;
  status: string;
  opens_at: Date;
  closes_at: Date;
  hand_out_date: string;
  recurrence_rule: string | null;
}

export interface CooperativeWithProducts {
  id: string;
  name: string;
  region: string | null;
  products: { id: string; name: string; commodity: string; price_per_kg_rp: number; available_kg: number; packs: number[] }[];
}

export interface PointListed {
  id: string;
  name: string;
  address: string;
  latitude: string;
  longitude: string;
  opening_hours: string | null;
}

export interface StaffAccount {
  id: string;
  username: string;
  role: string;
  disabled_at: Date | null;
  cooperative: string | null;
  points: string[];
  point_ids: string[];
}

export interface AgencyListed {
  id: string;
  name: string;
  short_name: string | null;
  buyers: number;
}

/** A minute of a wave's ordering and the orders placed in it. */
export interface OrdersInMinute {
  minute: Date;
  orders: number;
}

export interface AgencyOrders {
  agency: string;
  orders: number;
  kg: number;
}

/** The administrator's pages' own read models: lists the API has per item or not at all, and the live room's figures from the orders. */
@Injectable()
export class AdminPagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  cooperatives(): Promise<CooperativeWithProducts[]> {
    return this.dataSource.query(
      `SELECT c.id, c.name, c.region,
              coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'commodity', p.commodity, 'price_per_kg_rp', p.price_per_kg_rp, 'available_kg', p.available_kg,
                                 'packs', (SELECT json_agg(pk.size_kg ORDER BY pk.size_kg) FROM product_packs pk WHERE pk.product_id = p.id)) ORDER BY p.name)
                       FILTER (WHERE p.id IS NOT NULL), '[]') AS products
         FROM cooperatives c LEFT JOIN products p ON p.cooperative_id = c.id GROUP BY c.id ORDER BY c.name`,
    );
  }

  droppingPoints(): Promise<PointListed[]> {
    return this.dataSource.query('SELECT id, name, address, latitude, longitude, opening_hours FROM dropping_points ORDER BY name');
  }

  /** The staff accounts (every role but buyers, or only `role`). */
  accounts(role: string | null): Promise<StaffAccount[]> {
    return this.dataSource.query(
      `SELECT u.id, u.username, u.role, u.disabled_at, c.name AS cooperative,
              coalesce((SELECT array_agg(dp.name ORDER BY dp.name) FROM officer_dropping_points o JOIN dropping_points dp ON dp.id = o.dropping_point_id WHERE o.user_id = u.id), '{}') AS points,
              coalesce((SELECT array_agg(o.dropping_point_id) FROM officer_dropping_points o WHERE o.user_id = u.id), '{}') AS point_ids
         FROM users u LEFT JOIN cooperatives c ON c.id = u.cooperative_id
        WHERE u.role <> 'BUYER' AND ($1::user_role IS NULL OR u.role = $1)
        ORDER BY u.role, u.username`,
      [role],
    );
  }

  agencies(): Promise<AgencyListed[]> {
    return this.dataSource.query(
      `SELECT a.id, a.name, a.short_name, (SELECT count(*)::int FROM buyers b WHERE b.agency = a.name) AS buyers FROM agencies a ORDER BY a.name`,
    );
  }

  /** Waves whose ordering window touches the month (WIB) starting on `monthStart` (YYYY-MM-01). */
  wavesOfMonth(monthStart: string): Promise<CalendarWave[]> {
    return this.dataSource.query(
      `SELECT id, name, status, opens_at, closes_at, hand_out_date::text AS hand_out_date, recurrence_rule FROM waves
        WHERE opens_at < ($1::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Jakarta' AND closes_at >= $1::timestamp AT TIME ZONE 'Asia/Jakarta'
        ORDER BY opens_at`,
      [monthStart],
    );
  }

  recentWaves(): Promise<CalendarWave[]> {
    return this.dataSource.query(
      `SELECT id, name, status, opens_at, closes_at, hand_out_date::text AS hand_out_date, recurrence_rule FROM waves ORDER BY opens_at DESC LIMIT 100`,
    );
  }

  /** The wave's orders placed in the last `minutes` minutes, per minute (minutes without orders left out). */
  ordersPerMinute(waveId: string, minutes: number): Promise<OrdersInMinute[]> {
    return this.dataSource.query(
      `SELECT date_trunc('minute', placed_at) AS minute, count(*)::int AS orders FROM orders
        WHERE wave_id = $1 AND placed_at > now() - make_interval(mins => $2) GROUP BY 1`,
      [waveId, minutes],
    );
  }

  /** The wave's standing orders and their kg per agency, most kg first. */
  async ordersPerAgency(waveId: string): Promise<AgencyOrders[]> {
    const rows: { agency: string; orders: number; kg: string }[] = await this.dataSource.query(
      `SELECT b.agency, count(*)::int AS orders, sum(o.total_kg) AS kg FROM orders o JOIN buyers b ON b.id = o.buyer_id
        WHERE o.wave_id = $1 AND o.status <> 'cancelled' GROUP BY 1 ORDER BY 3 DESC, 1`,
      [waveId],
    );
    return rows.map((row) => ({ agency: row.agency, orders: row.orders, kg: Number(row.kg) }));
  }
}
