import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
import { REDIS } from '../redis/redis.module';
import { LOGIN_DELAY, LOGIN_GLOBAL, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS } from './rate-limit.constants';
import { rateLimitKey } from './rate-limit.keys';
import { accountTracker, addressTracker } from './trackers';

/** A Redis that does not answer within this long lets the login through (and says so in the log). */
const REDIS_TIMEOUT_MS = 250;
/** How long an account remembers failed attempts for its owner's next login. */
const NOTICE_SECONDS = 30 * 24 * 3600;

/** Which limit refused a login, and for how long: the controller turns it into Retry-After headers. */
export interface LoginRefusal {
  limit: string;
  retryAfterSeconds: number;
}

/**
 * Login throttling after OWASP's authentication guidance. Failed attempts are counted per
 * (account, client address): past RATE_LIMIT_LOGIN_PER_ACCOUNT failures that pair waits 1, 2, 4 …
 * seconds (at most the window) before each new try, so a guesser slows down while the owner, from
 * their own address, is never locked out by a stranger. All attempts are also limited per address
 * and across the service. Only attempts that passed validation reach this (it runs in the login
 * service, not before the body is checked), and unknown usernames are counted like known ones, so
 * nothing tells which accounts exist. The owner's next successful login reports the failures.
 * An account-wide lock, which anyone can trigger on anyone, applies only when an operator sets
 * RATE_LIMIT_LOGIN_ACCOUNT_BLOCK_SECONDS.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');
  private lastWarning = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: Environment,
  ) {}

  /** Throws TOO_MANY_REQUESTS (details: LoginRefusal) when this attempt may not be tried now. */
  async check(username: string, address: string | undefined): Promise<void> {
    const keys = this.keys(username, address);
    const window = this.env.RATE_LIMIT_LOGIN_ADDRESS_WINDOW_SECONDS;
    const result = await this.run((r) =>
      r
        .multi()
        .incr(keys.global)
        .expire(keys.global, window, 'NX')
        .ttl(keys.global)
        .incr(keys.address)
        .expire(keys.address, window, 'NX')
        .ttl(keys.address)
        .hmget(keys.pair, 'n', 'last')
        .pttl(keys.accountBlock)
        .exec(),
    );
    if (!result) return;
    const value = (i: number) => result[i][1] as number;
    if (value(0) > this.env.RATE_LIMIT_LOGIN_GLOBAL) refuse(LOGIN_GLOBAL, value(2));
    if (value(3) > this.env.RATE_LIMIT_LOGIN_PER_ADDRESS) refuse(LOGIN_PER_ADDRESS, value(5));
    if (value(7) > 0) refuse(LOGIN_PER_ACCOUNT, value(7) / 1000);
    const [failures, last] = (result[6][1] as (string | null)[]).map(Number);
    const excess = failures - this.env.RATE_LIMIT_LOGIN_PER_ACCOUNT;
    if (excess >= 0) {
      const delayMs = Math.min(2 ** excess, this.env.RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_SECONDS) * 1000;
      const waitMs = last + delayMs - Date.now();
      if (waitMs > 0) refuse(LOGIN_DELAY, waitMs / 1000);
    }
  }

  async failed(username: string, address: string | undefined): Promise<void> {
    const keys = this.keys(username, address);
    const block = this.env.RATE_LIMIT_LOGIN_ACCOUNT_BLOCK_SECONDS;
    const result = await this.run((r) => {
      const tx = r
        .multi()
        .hincrby(keys.pair, 'n', 1)
        .hset(keys.pair, 'last', Date.now())
        .expire(keys.pair, this.env.RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_SECONDS)
        .incr(keys.notice)
        .expire(keys.notice, NOTICE_SECONDS);
      if (block) tx.incr(keys.accountFailures).expire(keys.accountFailures, this.env.RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_SECONDS, 'NX');
      return tx.exec();
    });
    if (block && result && (result[5][1] as number) >= this.env.RATE_LIMIT_LOGIN_PER_ACCOUNT) {
      await this.run((r) => r.multi().set(keys.accountBlock, '1', 'EX', block).del(keys.accountFailures).exec());
    }
  }

  /** Clears the pair's count; answers how many failed attempts the account saw since its last login. */
  async succeeded(username: string, address: string | undefined): Promise<number> {
    const keys = this.keys(username, address);
    const result = await this.run((r) => r.multi().del(keys.pair).getdel(keys.notice).del(keys.accountFailures).exec());
    return Number(result?.[1][1] ?? 0);
  }

  private keys(username: string, address: string | undefined) {
    const prefix = this.env.REDIS_PREFIX;
    const account = accountTracker({ username });
    const client = addressTracker(address);
    return {
      global: rateLimitKey(prefix, LOGIN_GLOBAL, 'all'),
      address: rateLimitKey(prefix, LOGIN_PER_ADDRESS, client),
      pair: rateLimitKey(prefix, LOGIN_DELAY, `${account}:${client}`),
      notice: rateLimitKey(prefix, 'login-notice', account),
      accountFailures: rateLimitKey(prefix, LOGIN_PER_ACCOUNT, account),
      accountBlock: rateLimitKey(prefix, `${LOGIN_PER_ACCOUNT}-block`, account),
    };
  }

  /** Rate limiting protects the service; when Redis does not answer, logins pass rather than all fail. */
  private async run<T>(command: (redis: Redis) => Promise<T>): Promise<T | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(this.redis),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err: error }, 'Login limits are not enforced: Redis did not answer');
      }
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

function refuse(limit: string, seconds: number): never {
  const refusal: LoginRefusal = { limit, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
  throw new DomainError(
    ErrorCode.TooManyRequests,
    `Terlalu banyak percobaan masuk; coba lagi dalam ${refusal.retryAfterSeconds} detik (too many login attempts)`,
    refusal,
  );
}
