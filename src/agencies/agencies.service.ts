import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Agency } from './agency.entity';
import { CreateAgencyDto } from './dto/create-agency.dto';

const key = (text: string) => text.trim().toLowerCase();

/**
 * The list of agencies. While the administrator keeps none, agencies stay free text as typed (the
 * service's first behaviour); once the list has an entry, every agency given is matched to it by
 * name or short name, case-insensitively, and stored by its full name: "bappenas" and "BAPPENAS"
 * are the same agency, and a name that is not on the list is refused, naming the field.
 */
@Injectable()
export class AgenciesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(dto: CreateAgencyDto): Promise<Agency> {
    const names = [dto.name, dto.shortName].filter((text): text is string => Boolean(text)).map(key);
    const taken: { name: string }[] = await this.dataSource.query(
      'SELECT name FROM agencies WHERE lower(name) = ANY ($1) OR lower(short_name) = ANY ($1)',
      [names],
    );
    if (taken.length > 0) throw new DomainError(ErrorCode.Conflict, `Instansi "${taken[0].name}" sudah ada dengan nama atau singkatan ini`);
    return this.dataSource.getRepository(Agency).save({ name: dto.name, shortName: dto.shortName ?? null });
  }

  list(): Promise<Agency[]> {
    return this.dataSource.getRepository(Agency).find({ order: { name: 'ASC' } });
  }

  /** The full name of the agency `text` names; `field` is the input's name for the error. */
  async canonical(manager: EntityManager, text: string, field: string): Promise<string> {
    const [resolved] = await this.canonicalMany(manager, [text]);
    if (resolved === null) throw DomainError.validation(field, `${field} "${text}" is not on the list of agencies`);
    return resolved;
  }

  /** The full name for each text, or null where the list is kept and does not hold it. */
  async canonicalMany(manager: EntityManager, texts: string[]): Promise<(string | null)[]> {
    const rows: { name: string; short_name: string | null; listed: boolean }[] = await manager.query(
      `SELECT name, short_name, true AS listed FROM agencies WHERE lower(name) = ANY ($1) OR lower(short_name) = ANY ($1)
       UNION ALL SELECT '', NULL, false WHERE NOT EXISTS (SELECT 1 FROM agencies)`,
      [[...new Set(texts.map(key))]],
    );
    if (rows.some((row) => !row.listed)) return texts.map((text) => text.trim());
    const byKey = new Map<string, string>();
    for (const row of rows) {
      byKey.set(key(row.name), row.name);
      if (row.short_name) byKey.set(key(row.short_name), row.name);
    }
    return texts.map((text) => byKey.get(key(text)) ?? null);
  }
}
