import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { randomInt } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { passwordProblem } from '../auth/password-rule';
import { PasswordService } from '../auth/password.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import { Environment, NodeEnv } from '../config/environment';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { CreateUserDto } from './dto/create-user.dto';
import { Role } from './role.enum';
import { UserStatusService } from './user-status.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

const DEVELOPMENT_ADMIN_PASSWORD = 'gelombang-admin';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly userStatus: UserStatusService,
    private readonly env: Environment,
    private readonly audit: AuditService,
  ) {}

  /** Creates the first administrator from ADMIN_USERNAME / ADMIN_PASSWORD when there is none. */
  async onApplicationBootstrap(): Promise<void> {
    const admins = await this.users.countAdmins();
    if (admins > 0) return;
    let password = this.env.ADMIN_PASSWORD;
    if (!password) {
      if (this.env.NODE_ENV === NodeEnv.Production) {
        throw new Error('No administrator exists and ADMIN_PASSWORD is not set: set it to create the first administrator');
      }
      password = DEVELOPMENT_ADMIN_PASSWORD;
      this.logger.warn(`ADMIN_PASSWORD is not set: created "${this.env.ADMIN_USERNAME}" with the development password "${password}"`);
    }
    try {
      await this.users.insertNow({
        username: this.env.ADMIN_USERNAME,
        passwordHash: await this.passwords.hash(password),
        role: Role.Admin,
        cooperativeId: null,
        disabledAt: null,
      });
    } catch (error) {
      // Another instance created it at the same moment.
      if (!uniqueViolationColumns(error)) throw error;
    }
  }

  async create(dto: CreateUserDto): Promise<User> {
    this.assertRoleFields(dto);
    const passwordHash = await this.passwords.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const droppingPoints = await this.loadDroppingPoints(manager, dto.droppingPointIds ?? []);
      if (dto.cooperativeId && !(await this.users.cooperativeExists(manager, dto.cooperativeId))) {
        throw DomainError.validation('cooperativeId', 'cooperativeId does not name a cooperative');
      }
      try {
        return await this.users.add(manager, {
          username: dto.username,
          passwordHash,
          role: dto.role,
          cooperativeId: dto.role === Role.CoopManager ? dto.cooperativeId! : null,
          disabledAt: null,
          droppingPoints,
        });
      } catch (error) {
        if (uniqueViolationColumns(error) === 'username') {
          throw new DomainError(ErrorCode.DuplicateUsername, `Username "${dto.username}" is taken`);
        }
        throw error;
      }
    });
  }

  /** The accounts, oldest first; `role` narrows to one role. */
  list(role?: Role): Promise<User[]> {
    return this.users.list(role);
  }

  async get(id: string): Promise<User> {
    const user = await this.users.withDroppingPoints(id);
    if (!user) throw DomainError.notFound('User');
    return user;
  }

  /** The dropping points an officer works at from now on (their desk and answers are scoped to these at once). */
  async setDroppingPoints(id: string, droppingPointIds: string[]): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      // Two changes at once would both diff against the same old list.
      if (!(await this.users.lock(manager, id))) throw DomainError.notFound('User');
      const user = (await this.users.withDroppingPoints(id, manager))!;
      if (user.role !== Role.Officer) throw DomainError.validation('droppingPointIds', 'Only an officer works at dropping points');
      const before = (user.droppingPoints ?? []).map((point) => point.id).sort();
      user.droppingPoints = await this.loadDroppingPoints(manager, droppingPointIds);
      await this.users.save(manager, user);
      await this.audit.record(manager, {
        action: 'user.dropping_points_changed',
        entityType: 'user',
        entityId: id,
        before: { droppingPointIds: before },
        after: { droppingPointIds: user.droppingPoints.map((point) => point.id).sort() },
      });
      return user;
    });
  }

  /**
   * An administrator gives a staff account a new password: the one given, or a temporary one made
   * here and answered once. Tokens issued before the reset stop working (UserStatusService), so
   * whoever held the old password is logged out. Buyers reset their own password.
   */
  async resetPassword(id: string, password?: string): Promise<{ user: User; temporaryPassword: string | null }> {
    const user = await this.get(id);
    if (user.role === Role.Buyer) throw DomainError.validation('id', 'A buyer resets their own password');
    const problem = password === undefined ? null : passwordProblem(password, [user.username]);
    if (problem) throw DomainError.validation('password', problem);
    const temporaryPassword = password === undefined ? temporaryPasswordFor() : null;
    const passwordHash = await this.passwords.hash(password ?? temporaryPassword!);
    const changedAt = await this.dataSource.transaction(async (manager) => {
      const changed = await this.users.resetPassword(manager, id, passwordHash);
      await this.audit.record(manager, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        after: { temporary: temporaryPassword !== null },
      });
      return changed;
    });
    this.userStatus.credentialsChangedAt(id, changedAt);
    return { user, temporaryPassword };
  }

  async setDisabled(id: string, disabled: boolean): Promise<User> {
    const user = await this.users.withDroppingPoints(id);
    if (!user) throw DomainError.notFound('User');
    user.disabledAt = disabled ? (user.disabledAt ?? new Date()) : null;
    await this.users.setDisabledAt(id, user.disabledAt);
    this.userStatus.changed(id, disabled);
    return user;
  }

  private assertRoleFields(dto: CreateUserDto): void {
    if (dto.role === Role.Buyer) throw DomainError.validation('role', 'Buyers register through POST /buyers');
    if (dto.role === Role.Officer && !dto.droppingPointIds?.length) {
      throw DomainError.validation('droppingPointIds', 'An officer needs at least one dropping point');
    }
    if (dto.role === Role.CoopManager && !dto.cooperativeId) {
      throw DomainError.validation('cooperativeId', 'A cooperative manager needs a cooperativeId');
    }
  }

  private async loadDroppingPoints(manager: EntityManager, ids: string[]): Promise<DroppingPoint[]> {
    if (ids.length === 0) return [];
    const points = await this.users.droppingPoints(manager, ids);
    if (points.length !== ids.length) throw DomainError.validation('droppingPointIds', 'droppingPointIds names an unknown dropping point');
    return points;
  }
}

/** Four groups of four letters and digits (about 79 bits), none that read alike (l/1, o/0), easy to read out over the phone. */
function temporaryPasswordFor(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 4, 8, 12].map((start) => chars.slice(start, start + 4).join('')).join('-');
}
