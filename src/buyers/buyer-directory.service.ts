import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { BuyerDirectoryQuery, pageOf } from './dto/directory.query';

/**
 * A civil servant has registered once their account has a password: imported from a roster, it
 * has none until they claim it. SQL over the users row aliased `user`.
 */
export const registeredSql = (user: string): string => `${user}.password_hash IS NOT NULL`;

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

export function directoryEntry(row: DirectoryRow) {
  return {
    id: row.id,
    nip: row.nip,
    kind: row.kind,
    name: row.name,
    agency: row.agency,
    phone: row.phone,
    registered: row.registered,
    defaultDroppingPoint: row.default_point,
    createdAt: toWib(row.created_at),
  };
}

/** $1 agency (full name), $2 registered or not, $3 part of the name or the start of the NIP (LIKE-escaped). */
const DIRECTORY_FILTER = `($1::text IS NULL OR b.agency = $1) AND ($2::boolean IS NULL OR (${registeredSql('u')}) = $2)
  AND ($3::text IS NULL OR b.name ILIKE '%' || $3 || '%' OR b.nip LIKE $3 || '%')`;

/** A page of a list, with how many entries the whole list has. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * The administrator's directory of civil servants: everyone on the roster or registered, by
 * agency, whether they registered yet, and by name or NIP, a page at a time.
 */
@Injectable()
export class BuyerDirectoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
  ) {}

  async list(query: BuyerDirectoryQuery): Promise<Page<ReturnType<typeof directoryEntry>> & { agency: string | null }> {
    const { page, pageSize, offset } = pageOf(query);
    const agency = query.agencyId ? await this.agencyNamed(query.agencyId) : null;
    const search = query.q?.trim().replace(/[\\%_]/g, (c) => `\\${c}`) || null;
    const params = [agency, query.registered ?? null, search];
    const [rows, [count]]: [DirectoryRow[], { n: number }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${DIRECTORY_COLUMNS} FROM buyers b JOIN users u ON u.id = b.user_id WHERE ${DIRECTORY_FILTER}
          ORDER BY b.agency, b.name, b.nip LIMIT $4 OFFSET $5`,
        [...params, pageSize, offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM buyers b JOIN users u ON u.id = b.user_id WHERE ${DIRECTORY_FILTER}`, params),
    ]);
    return { agency, items: rows.map(directoryEntry), page, pageSize, total: count.n };
  }

  /** The full name of the agency on the list with this id; `field` names the input for the error. */
  async agencyNamed(agencyId: string, field = 'agencyId'): Promise<string> {
    const agency = (await this.agencies.list()).find((entry) => entry.id === agencyId);
    if (!agency) throw DomainError.validation(field, `${field} does not name an agency on the list`);
    return agency.name;
  }
}
