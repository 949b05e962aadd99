import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { Buyer } from './buyer.entity';

/** A new buyer's row (their account is written first, through UsersRepository). */
export type NewBuyer = Pick<Buyer, 'userId' | 'nip' | 'kind' | 'name' | 'agency' | 'phone' | 'defaultDroppingPointId'>;

/** The profile fields a buyer keeps up to date themselves. */
export type BuyerProfile = Pick<Buyer, 'phone' | 'defaultDroppingPointId'>;

/** The databases known to have a roster (a process speaks to one; tests start several). */
const rostered = new WeakSet<DataSource>();

/**
 * Whether the programme has a roster (issue 16, finding 7): one was imported (the import is
 * recorded in the audit trail), or a rostered NIP from before that record waits to be claimed.
 * Where it has one, only rostered NIPs register, confirmed by a code to the roster's phone; an open
 * programme (no roster) takes each buyer's word. Once true it stays true (a roster is not taken
 * back), so the process keeps that answer.
 */
export async function programmeHasRoster(db: DataSource | EntityManager): Promise<boolean> {
  const source = 'connection' in db ? db.connection : db;
  if (rostered.has(source)) return true;
  const [row]: { exists: boolean }[] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM audit_entries WHERE entity_type = 'roster')
         OR EXISTS (SELECT 1 FROM users WHERE role = 'BUYER' AND password_hash IS NULL) AS exists`,
  );
  if (row.exists) rostered.add(source);
  return row.exists;
}

/** The civil servants (buyers) and what they ordered of a wave. */
@Injectable()
export class BuyersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  hasRoster(): Promise<boolean> {
    return programmeHasRoster(this.dataSource);
  }

  /** The buyer's agency; null when there is no such buyer. */
  async agencyOf(buyerId: string): Promise<string | null> {
    const rows: { agency: string }[] = await this.dataSource.query('SELECT agency FROM buyers WHERE id = $1', [buyerId]);
    return rows[0]?.agency ?? null;
  }

  byUser(userId: string): Promise<Buyer | null> {
    return this.dataSource.getRepository(Buyer).findOneBy({ userId });
  }

  byNip(manager: EntityManager, nip: string): Promise<Buyer | null> {
    return manager.findOne(Buyer, { where: { nip } });
  }

  /** The buyer with this NIP, locked until the caller's transaction ends. */
  lockByNip(manager: EntityManager, nip: string): Promise<Buyer | null> {
    return manager.findOne(Buyer, { where: { nip }, lock: { mode: 'pessimistic_write' } });
  }

  /** The buyer of this account, locked until the caller's transaction ends. */
  lockByUser(manager: EntityManager, userId: string): Promise<Buyer | null> {
    return manager.findOne(Buyer, { where: { userId }, lock: { mode: 'pessimistic_write' } });
  }

  add(manager: EntityManager, buyer: NewBuyer): Promise<Buyer> {
    return manager.save(manager.create(Buyer, buyer));
  }

  async addMany(manager: EntityManager, buyers: NewBuyer[]): Promise<void> {
    await manager.insert(Buyer, buyers);
  }

  save(manager: EntityManager, buyer: Buyer): Promise<Buyer> {
    return manager.save(buyer);
  }

  async updateProfile(manager: EntityManager, buyerId: string, profile: BuyerProfile): Promise<void> {
    await manager.update(Buyer, buyerId, profile);
  }

  /** The roster phone of a rostered NIP nobody has claimed yet. */
  async unclaimedPhone(nip: string): Promise<string | undefined> {
    const rows: { phone: string }[] = await this.dataSource.query(
      `SELECT b.phone FROM buyers b JOIN users u ON u.id = b.user_id WHERE b.nip = $1 AND u.password_hash IS NULL`,
      [nip],
    );
    return rows[0]?.phone;
  }

  /** The phone and account of a claimed, enabled buyer account: where a password-reset code may go. */
  async resetContact(nip: string): Promise<{ phone: string; userId: string } | undefined> {
    const rows: { phone: string; user_id: string }[] = await this.dataSource.query(
      `SELECT b.phone, b.user_id FROM buyers b JOIN users u ON u.id = b.user_id
        WHERE b.nip = $1 AND u.password_hash IS NOT NULL AND u.disabled_at IS NULL`,
      [nip],
    );
    return rows[0] && { phone: rows[0].phone, userId: rows[0].user_id };
  }

  /** Of these NIPs, those that are a buyer's already. */
  async knownNips(manager: EntityManager, nips: string[]): Promise<string[]> {
    const known: { nip: string }[] = await manager.query('SELECT nip FROM buyers WHERE nip = ANY($1)', [nips]);
    return known.map((row) => row.nip);
  }

  /** Of these NIPs, those that are the username of a staff account (not a buyer's). */
  async staffUsernames(manager: EntityManager, nips: string[]): Promise<string[]> {
    const taken: { username: string }[] = await manager.query(
      `SELECT u.username FROM users u WHERE u.username = ANY($1) AND NOT EXISTS (SELECT 1 FROM buyers b WHERE b.user_id = u.id)`,
      [nips],
    );
    return taken.map((row) => row.username);
  }

  droppingPointExists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(DroppingPoint, { id });
  }

  /** Every dropping point's id and name (a roster names points by either). */
  droppingPoints(manager: EntityManager): Promise<Pick<DroppingPoint, 'id' | 'name'>[]> {
    return manager.find(DroppingPoint, { select: { id: true, name: true } });
  }
}
