import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial, EntityManager, In } from 'typeorm';
import { Cooperative } from '../cooperatives/cooperative.entity';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { Role } from './role.enum';
import { User } from './user.entity';

/** Who an account is, as the database says: what a token's claims are checked against. */
export interface UserIdentity {
  role: Role;
  buyerId: string | null;
  cooperativeId: string | null;
}

/** What a login is checked against. */
export interface LoginAccount {
  id: string;
  role: Role;
  passwordHash: string | null;
  disabledAt: Date | null;
  cooperativeId: string | null;
  buyerId: string | null;
}

/** The accounts that may not use every token they hold: disabled, or whose password was reset (and when). */
export interface RestrictedAccount {
  id: string;
  disabled: boolean;
  credentialsChangedAt: Date | null;
}

/** A new account's row (the buyers module writes its buyers' accounts through here). */
export type NewUser = Pick<User, 'username' | 'passwordHash' | 'role' | 'cooperativeId' | 'disabledAt'> & { id?: string };

/** The accounts (users) and the dropping points officers work at (officer_dropping_points). */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  countAdmins(): Promise<number> {
    return this.dataSource.getRepository(User).countBy({ role: Role.Admin });
  }

  async insert(manager: EntityManager, users: NewUser | NewUser[]): Promise<void> {
    await manager.insert(User, users);
  }

  /** Inserts outside any transaction of the caller (the first administrator). */
  async insertNow(user: NewUser): Promise<void> {
    await this.dataSource.getRepository(User).insert(user);
  }

  /** A new account with its dropping points. */
  add(manager: EntityManager, fields: DeepPartial<User>): Promise<User> {
    return manager.save(manager.create(User, fields));
  }

  /** Saves a changed account (its dropping points included). */
  save(manager: EntityManager, user: User): Promise<User> {
    return manager.save(user);
  }

  /** The accounts, oldest first, with their dropping points; `role` narrows to one role. */
  list(role?: Role): Promise<User[]> {
    return this.dataSource
      .getRepository(User)
      .find({ where: role ? { role } : {}, relations: { droppingPoints: true }, order: { createdAt: 'ASC', username: 'ASC' } });
  }

  /** The account with its dropping points; in the caller's transaction when `manager` is given. */
  async withDroppingPoints(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOne(User, { where: { id }, relations: { droppingPoints: true } });
  }

  /** Locks the account until the caller's transaction ends; false when there is none. */
  async lock(manager: EntityManager, id: string): Promise<boolean> {
    const locked: unknown[] = await manager.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
    return locked.length > 0;
  }

  async setDisabledAt(id: string, disabledAt: Date | null): Promise<void> {
    await this.dataSource.getRepository(User).update(id, { disabledAt });
  }

  /** A new password that ends the sessions opened with the old one; answers when that happened. */
  async resetPassword(manager: EntityManager, id: string, passwordHash: string): Promise<Date> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, count].
    const [[row]]: [{ credentials_changed_at: Date }[], number] = await manager.query(
      'UPDATE users SET password_hash = $2, credentials_changed_at = now() WHERE id = $1 RETURNING credentials_changed_at',
      [id, passwordHash],
    );
    return row.credentials_changed_at;
  }

  /** The password hash of the account, null while it has none (a rostered buyer who has not claimed it); undefined when there is no account. */
  async passwordHash(manager: EntityManager, id: string): Promise<string | null | undefined> {
    const user = await manager.findOne(User, { where: { id }, select: { id: true, passwordHash: true } });
    return user ? user.passwordHash : undefined;
  }

  async setPasswordHash(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.update(User, id, { passwordHash });
  }

  async credentials(id: string): Promise<{ username: string; passwordHash: string | null }> {
    const [user] = await this.dataSource.query<{ username: string; password_hash: string | null }[]>(
      'SELECT username, password_hash FROM users WHERE id = $1',
      [id],
    );
    return { username: user.username, passwordHash: user.password_hash };
  }

  async loginAccount(username: string): Promise<LoginAccount | undefined> {
    const rows: {
      id: string;
      role: Role;
      password_hash: string | null;
      disabled_at: Date | null;
      cooperative_id: string | null;
      buyer_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT u.id, u.role, u.password_hash, u.disabled_at, u.cooperative_id, b.id AS buyer_id
         FROM users u LEFT JOIN buyers b ON b.user_id = u.id
        WHERE u.username = $1`,
      [username],
    );
    const row = rows[0];
    return (
      row && {
        id: row.id,
        role: row.role,
        passwordHash: row.password_hash,
        disabledAt: row.disabled_at,
        cooperativeId: row.cooperative_id,
        buyerId: row.buyer_id,
      }
    );
  }

  /** Who each account is, in the order of `ids`; null where no account has that id. */
  async identities(ids: readonly string[]): Promise<(UserIdentity | null)[]> {
    const rows: { id: string; role: Role; buyer_id: string | null; cooperative_id: string | null }[] = await this.dataSource.query(
      'SELECT u.id, u.role, u.cooperative_id, b.id AS buyer_id FROM users u LEFT JOIN buyers b ON b.user_id = u.id WHERE u.id = ANY ($1::uuid[])',
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, { role: row.role, buyerId: row.buyer_id, cooperativeId: row.cooperative_id }]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async restrictedAccounts(): Promise<RestrictedAccount[]> {
    const rows: { id: string; disabled: boolean; credentials_changed_at: Date | null }[] = await this.dataSource.query(
      `SELECT id, disabled_at IS NOT NULL AS disabled, credentials_changed_at FROM users
          WHERE disabled_at IS NOT NULL OR credentials_changed_at IS NOT NULL`,
    );
    return rows.map((row) => ({ id: row.id, disabled: row.disabled, credentialsChangedAt: row.credentials_changed_at }));
  }

  /** The dropping points an officer serves. */
  async droppingPointIds(userId: string): Promise<string[]> {
    const rows: { dropping_point_id: string }[] = await this.dataSource.query(
      'SELECT dropping_point_id FROM officer_dropping_points WHERE user_id = $1',
      [userId],
    );
    return rows.map((row) => row.dropping_point_id);
  }

  async servesAt(userId: string, droppingPointId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM officer_dropping_points WHERE user_id = $1 AND dropping_point_id = $2',
      [userId, droppingPointId],
    );
    return rows.length > 0;
  }

  /** The dropping points with these ids (those that exist), to assign to an officer. */
  droppingPoints(manager: EntityManager, ids: string[]): Promise<DroppingPoint[]> {
    return manager.findBy(DroppingPoint, { id: In(ids) });
  }

  cooperativeExists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(Cooperative, { id });
  }
}
