import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * A civil servant has registered once their account has a password: imported from a roster, it
 * has none until they claim it. SQL over the users row aliased `user`.
 */
export const registeredSql = (user: string): string => `${user}.password_hash IS NOT NULL`;

/** A directory entry as DIRECTORY_COLUMNS reads it. */
export interface DirectoryRow {
  id: string;
  nip: string;
  kind: string;
  name: string;
  agency: string;
  phone: string;
  registered: boolean;
  default_point: string | null;
  created_at: Date;
}

/** The columns of a directory entry; `b` the buyer, `u` its user. */
export const DIRECTORY_COLUMNS = `b.id, b.nip, b.kind, b.name, b.agency, b.phone, ${registeredSql('u')} AS registered,
  (SELECT dp.name FROM dropping_points dp WHERE dp.id = b.default_dropping_point_id) AS default_point, b.created_at`;

/** $1 agency (full name), $2 registered or not, $3 part of the name or the start of the NIP (LIKE-escaped). */
const DIRECTORY_FILTER = `($1::text IS NULL OR b.agency = $1) AND ($2::boolean IS NULL OR (${registeredSql('u')}) = $2)
  AND ($3::text IS NULL OR b.name ILIKE '%' || $3 || '%' OR b.nip LIKE $3 || '%')`;

/** Which civil servants a directory page lists; null: any. */
export interface DirectoryFilter {
  agency: string | null;
  registered: boolean | null;
  /** Part of the name or the start of the NIP, LIKE-escaped. */
  search: string | null;
}

@Injectable()
export class BuyerDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The entries the filter keeps, by agency, name and NIP, `limit` from `offset`, and how many it keeps in all. */
  async page(filter: DirectoryFilter, limit: number, offset: number): Promise<{ items: DirectoryRow[]; total: number }> {
    const params = [filter.agency, filter.registered, filter.search];
    const [rows, [count]]: [DirectoryRow[], { n: number }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${DIRECTORY_COLUMNS} FROM buyers b JOIN users u ON u.id = b.user_id WHERE ${DIRECTORY_FILTER}
          ORDER BY b.agency, b.name, b.nip LIMIT $4 OFFSET $5`,
        [...params, limit, offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM buyers b JOIN users u ON u.id = b.user_id WHERE ${DIRECTORY_FILTER}`, params),
    ]);
    return { items: rows, total: count.n };
  }
}
