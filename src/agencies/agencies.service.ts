import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { AgenciesRepository } from './agencies.repository';
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
  constructor(private readonly agencies: AgenciesRepository) {}

  async create(dto: CreateAgencyDto): Promise<Agency> {
    const names = [dto.name, dto.shortName].filter((text): text is string => Boolean(text)).map(key);
    const [taken] = await this.agencies.namesMatching(names);
    if (taken !== undefined) throw new DomainError(ErrorCode.Conflict, `Instansi "${taken}" sudah ada dengan nama atau singkatan ini`);
    return this.agencies.add(dto.name, dto.shortName ?? null);
  }

  list(): Promise<Agency[]> {
    return this.agencies.list();
  }

  /** The full name of the agency `text` names; `field` is the input's name for the error. */
  async canonical(manager: EntityManager, text: string, field: string): Promise<string> {
    const [resolved] = await this.canonicalMany(manager, [text]);
    if (resolved === null) throw DomainError.validation(field, `${field} "${text}" is not on the list of agencies`);
    return resolved;
  }

  /** The full name for each text, or null where the list is kept and does not hold it. */
  async canonicalMany(manager: EntityManager, texts: string[]): Promise<(string | null)[]> {
    const { listed, entries } = await this.agencies.matching(manager, [...new Set(texts.map(key))]);
    if (!listed) return texts.map((text) => text.trim());
    const byKey = new Map<string, string>();
    for (const entry of entries) {
      byKey.set(key(entry.name), entry.name);
      if (entry.shortName) byKey.set(key(entry.shortName), entry.name);
    }
    return texts.map((text) => byKey.get(key(text)) ?? null);
  }
}
