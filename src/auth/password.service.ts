import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { Environment } from '../config/environment';

/** argon2id, memory-hard: what OWASP recommends for password storage. */
@Injectable()
export class PasswordService {
  constructor(private readonly env: Environment) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.env.PASSWORD_HASH_MEMORY_KIB, timeCost: 2 });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) return false;
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
