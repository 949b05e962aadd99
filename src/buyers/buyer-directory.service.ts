import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../agencies/agencies.service';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { BuyerDirectoryRepository, DirectoryRow } from './buyer-directory.repository';
import { BuyerDirectoryQuery, pageOf } from './dto/directory.query';

// The uptake report reads the directory with its own filter, in these columns.
export { DIRECTORY_COLUMNS, registeredSql } from './buyer-directory.repository';
export type { DirectoryRow } from './buyer-directory.repository';

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
    private readonly directory: BuyerDirectoryRepository,
    private readonly agencies: AgenciesService,
  ) {}

  async list(query: BuyerDirectoryQuery): Promise<Page<ReturnType<typeof directoryEntry>> & { agency: string | null }> {
    const { page, pageSize, offset } = pageOf(query);
    const agency = query.agencyId ? await this.agencyNamed(query.agencyId) : null;
    const search = query.q?.trim().replace(/[\\%_]/g, (c) => `\\${c}`) || null;
    const { items, total } = await this.directory.page({ agency, registered: query.registered ?? null, search }, pageSize, offset);
    return { agency, items: items.map(directoryEntry), page, pageSize, total };
  }

  /** The full name of the agency on the list with this id; `field` names the input for the error. */
  async agencyNamed(agencyId: string, field = 'agencyId'): Promise<string> {
    const agency = (await this.agencies.list()).find((entry) => entry.id === agencyId);
    if (!agency) throw DomainError.validation(field, `${field} does not name an agency on the list`);
    return agency.name;
  }
}
