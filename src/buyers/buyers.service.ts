import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { PasswordService } from '../auth/password.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import { Environment } from '../config/environment';
import { DirectMessages } from '../notifications/direct-messages';
import { CODES_PER_NIP, REGISTER_GLOBAL, REGISTER_PER_ADDRESS } from '../rate-limit/rate-limit.constants';
import { RequestLimits } from '../rate-limit/request-limits';
import { addressTracker } from '../rate-limit/trackers';
import { Role } from '../users/role.enum';
import { UsersRepository } from '../users/users.repository';
import { Buyer, EmployeeKind } from './buyer.entity';
import { BuyersRepository } from './buyers.repository';
import { ConfirmRegistrationDto, RegisterBuyerDto } from './dto/register-buyer.dto';
import { nipProblem } from './nip';
import { RegistrationCodes } from './registration-codes';
import { parseRoster, RosterProblem, RosterRow } from './roster-csv';

const IMPORT_CHUNK = 1000;

/** A registration's outcome: the buyer (an open programme), or a code sent if the NIP is rostered and unclaimed. */
export type Registration = { buyer: Buyer; codeSent?: undefined } | { codeSent: true; buyer?: undefined };

@Injectable()
export class BuyersService {
  private readonly logger = new Logger('BuyersService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly buyers: BuyersRepository,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly agencies: AgenciesService,
    private readonly limits: RequestLimits,
    private readonly codes: RegistrationCodes,
    private readonly messages: DirectMessages,
    private readonly audit: AuditService,
    private readonly env: Environment,
  ) {}

  /**
   * Self-registration (issue 16, finding 7). Without a roster (an open programme) the buyer is
   * registered at once with what they declare. Where a roster exists, only a rostered NIP not yet
   * claimed can be registered: a one-time code goes to the phone the roster holds, and
   * `confirm` finishes with it; the name and agency are the roster's. The answer (`codeSent`) is
   * the same whether the NIP is on the roster, claimed already, or unknown. With `address` (a
   * request's client), the registration limits apply.
   */
  async register(dto: RegisterBuyerDto, address?: string): Promise<Registration> {
    if (address !== undefined) await this.takeRegistrationLimits(address);
    const rostered = await this.hasRoster();
    if (rostered && address !== undefined) {
      await this.limits.take(
        [
          {
            name: CODES_PER_NIP,
            tracker: `nip:${dto.nip}`,
            limit: this.env.RATE_LIMIT_CODES_PER_NIP,
            windowSeconds: this.env.RATE_LIMIT_CODES_WINDOW_SECONDS,
          },
        ],
        'codes for this NIP',
      );
    }
    const problem = nipProblem(dto.nip, dto.kind);
    if (problem) throw DomainError.validation('nip', `nip ${problem}`);
    if (!rostered) assertDeclared(dto);
    const passwordHash = await this.passwords.hash(dto.password);
    if (dto.defaultDroppingPointId) await this.assertDroppingPoint(dto.defaultDroppingPointId);
    if (rostered) {
      // Looked up and sent after the answer, so neither its content nor its time tells whether the NIP is on the roster.
      setImmediate(() => {
        this.sendClaimCode(dto, passwordHash).catch((error: unknown) =>
          this.logger.error({ err: error, nip: dto.nip }, 'Registration code not sent'),
        );
      });
      return { codeSent: true };
    }
    return { buyer: await this.registerOpen(dto, passwordHash) };
  }

  /** The second step where a roster exists: the code from the roster's phone claims the NIP. */
  async confirm(dto: ConfirmRegistrationDto, address?: string): Promise<Buyer> {
    if (address !== undefined) await this.takeRegistrationLimits(address);
    const claim = await this.codes.consume(dto.nip, dto.code);
    if (!claim) throw wrongCode();
    return this.dataSource.transaction(async (manager) => {
      const buyer = await this.buyers.lockByNip(manager, dto.nip);
      // undefined: no account; a string: claimed already.
      const passwordHash = buyer ? await this.users.passwordHash(manager, buyer.userId) : undefined;
      if (!buyer || passwordHash !== null) throw wrongCode();
      await this.users.setPasswordHash(manager, buyer.userId, claim.passwordHash);
      if (claim.defaultDroppingPointId && (await this.buyers.droppingPointExists(manager, claim.defaultDroppingPointId))) {
        buyer.defaultDroppingPointId = claim.defaultDroppingPointId;
      }
      await this.audit.record(manager, {
        action: 'buyer.claimed',
        entityType: 'buyer',
        entityId: buyer.id,
        details: { nip: buyer.nip, confirmedBy: 'one-time code to the roster phone' },
      });
      return this.buyers.save(manager, buyer);
    });
  }

  /** Whether the programme has a roster (see programmeHasRoster). */
  hasRoster(): Promise<boolean> {
    return this.buyers.hasRoster();
  }

  private async takeRegistrationLimits(address: string): Promise<void> {
    const windowSeconds = this.env.RATE_LIMIT_REGISTER_WINDOW_SECONDS;
    await this.limits.take(
      [
        { name: REGISTER_GLOBAL, tracker: 'all', limit: this.env.RATE_LIMIT_REGISTER_GLOBAL, windowSeconds },
        { name: REGISTER_PER_ADDRESS, tracker: addressTracker(address), limit: this.env.RATE_LIMIT_REGISTER_PER_ADDRESS, windowSeconds },
      ],
      'registrations',
    );
  }

  /** A code to the roster's phone when the NIP is rostered and unclaimed; nothing otherwise (the caller answers alike). */
  private async sendClaimCode(dto: RegisterBuyerDto, passwordHash: string): Promise<void> {
    const phone = await this.buyers.unclaimedPhone(dto.nip);
    if (phone === undefined) return;
    const code = await this.codes.issue(dto.nip, { passwordHash, defaultDroppingPointId: dto.defaultDroppingPointId ?? null });
    try {
      await this.messages.sendOtp(phone, code);
    } catch (error) {
      // A roster phone no message can reach: the same answer, and the operator reads why in the log.
      this.logger.warn({ err: error, nip: dto.nip }, 'Registration code not sent: the roster phone is not a mobile number');
    }
  }

  private async registerOpen(dto: RegisterBuyerDto, passwordHash: string): Promise<Buyer> {
    return this.dataSource.transaction(async (manager) => {
      const agency = await this.agencies.canonical(manager, dto.agency!, 'agency');
      const userId = randomUUID();
      try {
        await this.users.insert(manager, {
          id: userId,
          username: dto.nip,
          passwordHash,
          role: Role.Buyer,
          cooperativeId: null,
          disabledAt: null,
        });
        return await this.buyers.add(manager, {
          userId,
          nip: dto.nip,
          kind: dto.kind ?? EmployeeKind.Pns,
          name: dto.name!,
          agency,
          phone: dto.phone!,
          defaultDroppingPointId: dto.defaultDroppingPointId ?? null,
        });
      } catch (error) {
        // The NIP is a buyer's already, or a staff account's username: the same answer either way.
        if (uniqueViolationColumns(error)) throw duplicateNip(dto.nip);
        throw error;
      }
    });
  }

  async findByUser(userId: string): Promise<Buyer> {
    const buyer = await this.buyers.byUser(userId);
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
      const staffProblems = await this.staffUsernameProblems(manager, rows);
      const agencyProblems = await this.resolveAgencies(manager, rows);
      // Every problem of the file in one answer, by line: the administrator fixes the file once.
      const problems = [...parsed.problems, ...pointProblems, ...agencyProblems, ...nipProblems, ...staffProblems].sort(
        (a, b) => a.line - b.line,
      );
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
        await this.users.insert(manager, users);
        await this.buyers.addMany(
          manager,
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
      // The programme has a roster from now on: registration goes through it (see register).
      await this.audit.record(manager, {
        action: 'roster.imported',
        entityType: 'roster',
        entityId: randomUUID(),
        details: { imported: rows.length },
      });
      return { imported: rows.length };
    });
  }

  private async assertDroppingPoint(id: string): Promise<void> {
    if (!(await this.buyers.droppingPointExists(this.dataSource.manager, id))) {
      throw DomainError.validation('defaultDroppingPointId', 'defaultDroppingPointId does not name a dropping point');
    }
  }

  private async resolveDroppingPoints(
    manager: EntityManager,
    rows: RosterRow[],
  ): Promise<{ pointIds: Map<string, string>; problems: RosterProblem[] }> {
    const points = await this.buyers.droppingPoints(manager);
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

  /** A NIP that is a staff account's username cannot become a buyer's login (issue 16, finding 8: was a 500). */
  private async staffUsernameProblems(manager: EntityManager, rows: RosterRow[]): Promise<RosterProblem[]> {
    const staff = new Set(
      await this.buyers.staffUsernames(
        manager,
        rows.map((row) => row.nip),
      ),
    );
    return rows
      .filter((row) => staff.has(row.nip))
      .map((row) => ({ line: row.line, field: 'nip', message: `nip ${row.nip} is the username of a staff account` }));
  }

  private async nipProblems(manager: EntityManager, rows: RosterRow[]): Promise<RosterProblem[]> {
    const firstLine = new Map<string, number>();
    const problems: RosterProblem[] = [];
    for (const row of rows) {
      const seen = firstLine.get(row.nip);
      if (seen) problems.push({ line: row.line, field: 'nip', message: `nip ${row.nip} repeats line ${seen}` });
      else firstLine.set(row.nip, row.line);
    }
    for (const nip of await this.buyers.knownNips(manager, [...firstLine.keys()]))
      problems.push({ line: firstLine.get(nip)!, field: 'nip', message: `nip ${nip} is already registered` });
    return problems;
  }
}

function duplicateNip(nip: string): DomainError {
  return new DomainError(ErrorCode.DuplicateNip, `NIP ${nip} is already registered`);
}

function wrongCode(): DomainError {
  return DomainError.validation('code', 'code is not valid: wrong, expired or used; ask for a new one');
}

/** Without a roster the buyer's own word is all there is: name, agency and phone are required. */
function assertDeclared(dto: RegisterBuyerDto): void {
  const missing = (['name', 'agency', 'phone'] as const).filter((field) => dto[field] === undefined);
  if (missing.length > 0) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      missing.map((field) => `${field}: ${field} is required`).join('; '),
      missing.map((field) => ({ field, messages: [`${field} is required`] })),
    );
  }
}
