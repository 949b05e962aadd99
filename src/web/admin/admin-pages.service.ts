import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CalendarWave {
  id: string;
  name: string;
  status: string;
  opens_at: Date;
  closes_at: Date;
  hand_out_date: string;
  recurrence_rule: string | null;
}

/** The lists the administrator's pages show (the API has them per item, or not at all). */
@Injectable()
export class AdminPagesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  cooperatives(): Promise<
    {
      id: string;
      name: string;
      region: string | null;
      products: { id: string; name: string; commodity: string; price_per_kg_rp: number; available_kg: number; packs: number[] }[];
    }[]
  > {
    return this.dataSource.query(
      `SELECT c.id, c.name, c.region,
              coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'commodity', p.commodity, 'price_per_kg_rp', p.price_per_kg_rp, 'available_kg', p.available_kg,
                                 'packs', (SELECT json_agg(pk.size_kg ORDER BY pk.size_kg) FROM product_packs pk WHERE pk.product_id = p.id)) ORDER BY p.name)
                       FILTER (WHERE p.id IS NOT NULL), '[]') AS products
         FROM cooperatives c LEFT JOIN products p ON p.cooperative_id = c.id GROUP BY c.id ORDER BY c.name`,
    );
  }

  droppingPoints(): Promise<
    { id: string; name: string; address: string; latitude: string; longitude: string; opening_hours: string | null }[]
  > {
    return this.dataSource.query('SELECT id, name, address, latitude, longitude, opening_hours FROM dropping_points ORDER BY name');
  }

  /** The staff accounts (every role but buyers, or only `role`). */
  accounts(role?: string): Promise<
    {
      id: string;
      username: string;
      role: string;
      disabled_at: Date | null;
      cooperative: string | null;
      points: string[];
      point_ids: string[];
    }[]
  > {
    return this.dataSource.query(
      `SELECT u.id, u.username, u.role, u.disabled_at, c.name AS cooperative,
              coalesce((SELECT array_agg(dp.name ORDER BY dp.name) FROM officer_dropping_points o JOIN dropping_points dp ON dp.id = o.dropping_point_id WHERE o.user_id = u.id), '{}') AS points,
              coalesce((SELECT array_agg(o.dropping_point_id) FROM officer_dropping_points o WHERE o.user_id = u.id), '{}') AS point_ids
         FROM users u LEFT JOIN cooperatives c ON c.id = u.cooperative_id
        WHERE u.role <> 'BUYER' AND ($1::user_role IS NULL OR u.role = $1)
        ORDER BY u.role, u.username`,
      [role ?? null],
    );
  }

  agencies(): Promise<{ id: string; name: string; short_name: string | null; buyers: number }[]> {
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
}
