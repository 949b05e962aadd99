import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { UserIdentity, UsersRepository } from './users.repository';

const REFRESH_MS = 5_000;
/** Identities kept in memory; past this the map starts over (a rush has tens of thousands of buyers). */
const IDENTITY_CACHE_MAX = 200_000;
const IDENTITY_BATCH_MAX = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether an account may still use its token. Asked on every authenticated request, including the
 * order rush, so it answers from the (small) sets of disabled accounts and of accounts whose password
 * an administrator reset, held in memory instead of a query per request. This instance sees a
 * change at once; other instances within REFRESH_MS. An account's role, buyer and cooperative
 * never change once created, so they are cached too.
 */
@Injectable()
export class UserStatusService {
  private disabled = new Set<string>();
  /** Per account whose password was reset: the second (Unix time) before which its tokens were issued by the old password. */
  private credentialsChanged = new Map<string, number>();
  private refreshedAt = 0;
  private refreshing: Promise<void> | null = null;
  private readonly identities = new Map<string, UserIdentity>();
  /**
   * The accounts first seen in one turn of the event loop are read in one query: in a rush every
   * request is a buyer this instance has not seen yet, and a round trip each took a pool connection
   * and woke a PostgreSQL backend per request (the order path batches its writes the same way).
   */
  private readonly loader: DataLoader<string, UserIdentity | null>;

  constructor(private readonly users: UsersRepository) {
    this.loader = new DataLoader((ids) => this.users.identities(ids), {
      cache: false,
      maxBatchSize: IDENTITY_BATCH_MAX,
      batchScheduleFn: (send) => setImmediate(send),
    });
  }

  /** `issuedAt`: the token's iat (seconds); a token from before the account's last password reset is no longer good. */
  async isActive(userId: string, issuedAt?: number): Promise<boolean> {
    if (Date.now() - this.refreshedAt > REFRESH_MS) await this.refresh();
    if (this.disabled.has(userId)) return false;
    const changed = this.credentialsChanged.get(userId);
    return changed === undefined || (issuedAt !== undefined && issuedAt >= changed);
  }

  /** The account behind a token's subject, or null when no account has that id. */
  async identity(userId: unknown): Promise<UserIdentity | null> {
    if (typeof userId !== 'string' || !UUID.test(userId)) return null;
    const cached = this.identities.get(userId);
    if (cached) return cached;
    const identity = await this.loader.load(userId);
    if (!identity) return null;
    if (this.identities.size >= IDENTITY_CACHE_MAX) this.identities.clear();
    this.identities.set(userId, identity);
    return identity;
  }

  /** The dropping points an officer serves (what their answers are scoped to). */
  droppingPointIds(userId: string): Promise<string[]> {
    return this.users.droppingPointIds(userId);
  }

  /** Called by the instance that disabled or enabled the account. */
  changed(userId: string, disabled: boolean): void {
    if (disabled) this.disabled.add(userId);
    else this.disabled.delete(userId);
  }

  /** Called by the instance that reset the account's password, with the reset's time. */
  credentialsChangedAt(userId: string, at: Date): void {
    this.credentialsChanged.set(userId, secondOf(at));
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.users
      .restrictedAccounts()
      .then((accounts) => {
        this.disabled = new Set(accounts.filter((account) => account.disabled).map((account) => account.id));
        this.credentialsChanged = new Map(
          accounts
            .filter((account) => account.credentialsChangedAt)
            .map((account) => [account.id, secondOf(account.credentialsChangedAt!)]),
        );
        this.refreshedAt = Date.now();
      })
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }
}

/**
 * A token's iat is whole seconds: a token issued in the second of the reset still counts as new (the
 * user logging in with the new password at once must not be refused), one from any second before does not.
 */
function secondOf(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
