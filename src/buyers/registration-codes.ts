import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHmac, randomInt } from 'node:crypto';
import { Environment } from '../config/environment';
import { REDIS } from '../redis/redis.module';

/** What a confirmed code hands back: what the person chose when asking for it. */
export interface PendingClaim {
  passwordHash: string;
  defaultDroppingPointId: string | null;
}

/**
 * Atomically: no entry -> nil; one more attempt counted; past the maximum -> entry gone, nil; the
 * right code -> entry gone (single use), its fields; a wrong one -> 'wrong' (the last allowed wrong
 * try ends the entry).
 */
const CONSUME = `
local entry = redis.call('HGETALL', KEYS[1])
if #entry == 0 then return nil end
local fields = {}
for i = 1, #entry, 2 do fields[entry[i]] = entry[i + 1] end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts > tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) return nil end
if fields['code'] == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {fields['passwordHash'], fields['point'] or ''}
end
if attempts >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return 'wrong'
`;

/**
 * One-time codes that confirm a claim on a rostered NIP (issue 16, finding 7): six digits, kept in
 * Redis only as an HMAC, valid REGISTRATION_CODE_TTL_SECONDS, ended by use, by a newer code for the
 * same NIP or by REGISTRATION_CODE_MAX_ATTEMPTS wrong tries.
 */
@Injectable()
export class RegistrationCodes {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: Environment,
  ) {}

  /** A fresh code for `nip`, replacing any earlier one; answers the code to send. */
  async issue(nip: string, claim: PendingClaim): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const key = this.key(nip);
    await this.redis
      .multi()
      .del(key)
      .hset(key, { code: this.digest(nip, code), passwordHash: claim.passwordHash, point: claim.defaultDroppingPointId ?? '', attempts: 0 })
      .expire(key, this.env.REGISTRATION_CODE_TTL_SECONDS)
      .exec();
    return code;
  }

  /** The claim behind a right code (which is then used up), or null for a wrong, expired, used or unknown one. */
  async consume(nip: string, code: string): Promise<PendingClaim | null> {
    const result = (await this.redis.eval(CONSUME, 1, this.key(nip), this.digest(nip, code), this.env.REGISTRATION_CODE_MAX_ATTEMPTS)) as
      [string, string] | string | null;
    if (!Array.isArray(result)) return null;
    return { passwordHash: result[0], defaultDroppingPointId: result[1] || null };
  }

  private key(nip: string): string {
    return `${this.env.REDIS_PREFIX}:registration-code:${nip}`;
  }

  private digest(nip: string, code: string): string {
    return createHmac('sha256', this.env.JWT_SECRET).update(`${nip}:${code}`).digest('hex');
  }
}
