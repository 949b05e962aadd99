import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Agency } from './agency.entity';

/** What the list says of a set of names: whether it is kept at all, and its entries that match. */
export interface AgencyMatches {
  /** False while the administrator keeps no list (agencies are free text then). */
  listed: boolean;
  entries: { name: string; shortName: string | null }[];
}

@Injectable()
export class AgenciesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The names of agencies whose name or short name is one of `keys` (lower case). */
  async namesMatching(keys: string[]): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      'SELECT name FROM agencies WHERE lower(name) = ANY ($1) OR lower(short_name) = ANY ($1)',
      [keys],
    );
    return rows.map((row) => row.name);
  }

  add(name: string, shortName: string | null): Promise<Agency> {
    return this.dataSource.getRepository(Agency).save({ name, shortName });
  }

  list(): Promise<Agency[]> {
    return this.dataSource.getRepository(Agency).find({ order: { name: 'ASC' } });
  }

  /** The entries whose name or short name is one of `keys` (lower case), in the caller's transaction. */
  async matching(manager: EntityManager, keys: string[]): Promise<AgencyMatches> {
    const rows: { name: string; short_name: string | null; listed: boolean }[] = await manager.query(
      `SELECT name, short_name, true AS listed FROM agencies WHERE lower(name) = ANY ($1) OR lower(short_name) = ANY ($1)
       UNION ALL SELECT '', NULL, false WHERE NOT EXISTS (SELECT 1 FROM agencies)`,
      [keys],
    );
    return {
      listed: !rows.some((row) => !row.listed),
      entries: rows.map((row) => ({ name: row.name, shortName: row.short_name })),
    };
  }
}
