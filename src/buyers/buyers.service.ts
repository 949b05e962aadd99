import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { PasswordService } from '../auth/password.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { Role } from '../users/role.enum';
import { User } from '../users/user.entity';
import { Buyer, EmployeeKind } from './buyer.entity';
import { RegisterBuyerDto } from './dto/register-buyer.dto';
import { nipProblem } from './nip';
import { parseRoster, RosterProblem, RosterRow } from './roster-csv';

const IMPORT_CHUNK = 1000;

@Injectable()
export class BuyersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly agencies: AgenciesService,
  ) {}

  /**
   * Self-registration. A NIP that came in through a roster import and was never claimed can be
   * claimed by giving the same phone number; any other known NIP is a DUPLICATE_NIP.
   */
  async register(dto: RegisterBuyerDto): Promise<Buyer> {
    const problem = nipProblem(dto.nip, dto.kind);
    if (problem) throw DomainError.validation('nip', `nip ${problem}`);
    const passwordHash = await this.passwords.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      if (dto.defaultDroppingPointId) await this.assertDroppingPoint(manager, dto.defaultDroppingPointId);
      const existing = await manager.findOne(Buyer, { where: { nip: dto.nip }, lock: { mode: 'pessimistic_write' } });
      if (existing) return this.claim(manager, existing, dto, passwordHash);
      const agency = await this.agencies.canonical(manager, dto.agency, 'agency');
      const user = manager.create(User, {
        id: randomUUID(),
        username: dto.nip,
        passwordHash,
        role: Role.Buyer,
        cooperativeId: null,
        disabledAt: null,
      });
      const buyer = manager.create(Buyer, {
        userId: user.id,
        nip: dto.nip,
        kind: dto.kind ?? EmployeeKind.Pns,
        name: dto.name,
        agency,
        phone: dto.phone,
        defaultDroppingPointId: dto.defaultDroppingPointId ?? null,
      });
      try {
        await manager.insert(User, user);
        return await manager.save(buyer);
      } catch (error) {
        if (uniqueViolationColumns(error)) throw duplicateNip(dto.nip);
        throw error;
      }
    });
  }

  async findByUser(userId: string): Promise<Buyer> {
    const buyer = await this.dataSource.getRepository(Buyer).findOneBy({ userId });
    if (!buyer) throw DomainError.notFound('Buyer');
    return buyer;
  }

  /** Imports a roster CSV all or nothing: any bad row or known NIP refuses the whole file, listing every line. */
  async importRoster(csv: string): Promise<{ imported: number }> {
    const parsed = parseRoster(csv);
    return this.dataSource.transaction(async (manager) => {
      const { rows } = parsed;
      const { pointIds, problems: pointProblems } = await this.resolveDroppingPoints(manager, rows);
      const nipProblems = await this.nipProblems(manager, rows);
      const agencyProblems = await this.resolveAgencies(manager, rows);
      // Every problem of the file in one answer, by line: the administrator fixes the file once.
      const problems = [...parsed.problems, ...pointProblems, ...agencyProblems, ...nipProblems].sort((a, b) => a.line - b.line);
      if (problems.length > 0) {
        const onlyDuplicates = nipProblems.length === problems.length;
        throw new DomainError(
          onlyDuplicates ? ErrorCode.DuplicateNip : ErrorCode.ValidationFailed,
          `The roster has ${problems.length} problem(s)`,
          problems,
        );
      }
      for (let start = 0; start < rows.length; start += IMPORT_CHUNK) {
        const chunk = rows.slice(start, start + IMPORT_CHUNK);
        const users = chunk.map((row) => ({
          id: randomUUID(),
          username: row.nip,
          passwordHash: null,
          role: Role.Buyer,
          cooperativeId: null,
          disabledAt: null,
        }));
        await manager.insert(User, users);
        await manager.insert(
          Buyer,
          chunk.map((row, i) => ({
            userId: users[i].id,
            nip: row.nip,
            kind: row.kind,
            name: row.name,
            agency: row.agency,
            phone: row.phone,
            defaultDroppingPointId: pointIds.get(row.droppingPoint) ?? null,
          })),
        );
      }
      return { imported: rows.length };
    });
  }

  private async claim(manager: EntityManager, buyer: Buyer, dto: RegisterBuyerDto, passwordHash: string): Promise<Buyer> {
    const user = await manager.findOne(User, { where: { id: buyer.userId }, select: { id: true, passwordHash: true } });
    if (!user || user.passwordHash !== null) throw duplicateNip(dto.nip);
    if (normalisePhone(buyer.phone) !== normalisePhone(dto.phone)) {
      throw DomainError.validation('phone', 'phone is not the phone the roster holds for this NIP');
    }
    await manager.update(User, buyer.userId, { passwordHash });
    // The roster is the truth for who the person is and where they work: the claim keeps its name and agency.
    Object.assign(buyer, { defaultDroppingPointId: dto.defaultDroppingPointId ?? buyer.defaultDroppingPointId });
    return manager.save(buyer);
  }

  private async assertDroppingPoint(manager: EntityManager, id: string): Promise<void> {
    if (!(await manager.existsBy(DroppingPoint, { id }))) {
      throw DomainError.validation('defaultDroppingPointId', 'defaultDroppingPointId does not name a dropping point');
    }
  }

  private async resolveDroppingPoints(
    manager: EntityManager,
    rows: RosterRow[],
  ): Promise<{ pointIds: Map<string, string>; problems: RosterProblem[] }> {
    const points = await manager.find(DroppingPoint, { select: { id: true, name: true } });
    const byKey = new Map<string, string>();
    for (const point of points) {
      byKey.set(point.id, point.id);
      byKey.set(point.name, point.id);
    }
    const problems: RosterProblem[] = rows
      .filter((row) => row.droppingPoint && !byKey.has(row.droppingPoint))
      .map((row) => ({ line: row.line, field: 'default_dropping_point', message: `unknown dropping point "${row.droppingPoint}"` }));
    return { pointIds: byKey, problems };
  }

  /** Puts each row's agency by its name on the list; a problem per row whose agency is not on it. */
  private async resolveAgencies(manager: EntityManager, rows: RosterRow[]): Promise<RosterProblem[]> {
    const names = await this.agencies.canonicalMany(
      manager,
      rows.map((row) => row.agency),
    );
    const problems: RosterProblem[] = [];
    rows.forEach((row, index) => {
      const name = names[index];
      if (name === null)
        problems.push({ line: row.line, field: 'agency', message: `agency "${row.agency}" is not on the list of agencies` });
      else row.agency = name;
    });
    return problems;
  }

  private async nipProblems(manager: EntityManager, rows: RosterRow[]): Promise<RosterProblem[]> {
    const firstLine = new Map<string, number>();
    const problems: RosterProblem[] = [];
    for (const row of rows) {
      const seen = firstLine.get(row.nip);
      if (seen) problems.push({ line: row.line, field: 'nip', message: `nip ${row.nip} repeats line ${seen}` });
      else firstLine.set(row.nip, row.line);
    }
    const known: { nip: string }[] = await manager.query('SELECT nip FROM buyers WHERE nip = ANY($1)', [[...firstLine.keys()]]);
    for (const { nip } of known) problems.push({ line: firstLine.get(nip)!, field: 'nip', message: `nip ${nip} is already registered` });
    return problems;
  }
}

function duplicateNip(nip: string): DomainError {
  return new DomainError(ErrorCode.DuplicateNip, `NIP ${nip} is already registered`);
}

function normalisePhone(phone: string): string {
  return phone.replace(/[^0-9]/g, '').replace(/^(62|0)/, '');
}
