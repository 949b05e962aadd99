import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { Environment } from '../config/environment';

/** argon2id, memory-hard: what OWASP recommends for password storage. */
@Injectable()
export class PasswordService {
  /** A hash of nothing anyone knows: verified when a username is unknown, so both cost the same time. */
  private dummy: Promise<string> | null = null;

  constructor(private readonly env: Environment) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.env.PASSWORD_HASH_MEMORY_KIB, timeCost: 2 });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64'));
    try {
      const matches = await argon2.verify(hash ?? (await this.dummy), password);
      return hash !== null && matches;
    } catch {
      return false;
    }
  }
}
