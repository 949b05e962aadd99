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
 * right code -> entry gone (single use), its other fields as a flat list; a wrong one -> 'wrong'
 * (the last allowed wrong try ends the entry).
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
  local kept = {}
  for i = 1, #entry, 2 do
    if entry[i] ~= 'code' and entry[i] ~= 'attempts' then
      kept[#kept + 1] = entry[i]
      kept[#kept + 1] = entry[i + 1]
    end
  end
  return kept
end
if attempts >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return 'wrong'
`;

/** What a code is for: each purpose keeps its codes apart, so a registration code never resets a password. */
export type CodePurpose = 'registration' | 'password-reset';

/**
 * One-time codes sent to a NIP's phone (issue 16, finding 7; issue 17: a forgotten password): six
 * digits, kept in Redis only as an HMAC, valid REGISTRATION_CODE_TTL_SECONDS, ended by use, by a
 * newer code for the same NIP and purpose or by REGISTRATION_CODE_MAX_ATTEMPTS wrong tries.
 */
@Injectable()
export class RegistrationCodes {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: Environment,
  ) {}

  /** A fresh registration code for `nip`, replacing any earlier one; answers the code to send. */
  issue(nip: string, claim: PendingClaim): Promise<string> {
    return this.issueFor('registration', nip, { passwordHash: claim.passwordHash, point: claim.defaultDroppingPointId ?? '' });
  }

  /** The claim behind a right code (which is then used up), or null for a wrong, expired, used or unknown one. */
  async consume(nip: string, code: string): Promise<PendingClaim | null> {
    const fields = await this.consumeFor('registration', nip, code);
    if (!fields) return null;
    return { passwordHash: fields.passwordHash, defaultDroppingPointId: fields.point || null };
  }

  /** A fresh code for `nip` and `purpose` carrying `fields`, replacing any earlier one; answers the code to send. */
  async issueFor(purpose: CodePurpose, nip: string, fields: Record<string, string> = {}): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const key = this.key(purpose, nip);
    await this.redis
      .multi()
      .del(key)
      .hset(key, { ...fields, code: this.digest(purpose, nip, code), attempts: 0 })
      .expire(key, this.env.REGISTRATION_CODE_TTL_SECONDS)
      .exec();
    return code;
  }

  /** The fields behind a right code (which is then used up), or null for a wrong, expired, used or unknown one. */
  async consumeFor(purpose: CodePurpose, nip: string, code: string): Promise<Record<string, string> | null> {
    const result = (await this.redis.eval(
      CONSUME,
      1,
      this.key(purpose, nip),
      this.digest(purpose, nip, code),
      this.env.REGISTRATION_CODE_MAX_ATTEMPTS,
    )) as string[] | string | null;
    if (!Array.isArray(result)) return null;
    const fields: Record<string, string> = {};
    for (let i = 0; i < result.length; i += 2) fields[result[i]] = result[i + 1];
    return fields;
  }

  private key(purpose: CodePurpose, nip: string): string {
    return `${this.env.REDIS_PREFIX}:${purpose}-code:${nip}`;
  }

  /** The registration digest keeps its earlier form, so codes issued before this version still confirm. */
  private digest(purpose: CodePurpose, nip: string, code: string): string {
    const subject = purpose === 'registration' ? `${nip}:${code}` : `${purpose}:${nip}:${code}`;
    return createHmac('sha256', this.env.JWT_SECRET).update(subject).digest('hex');
  }
}
