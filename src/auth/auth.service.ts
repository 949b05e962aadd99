import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
import { LoginThrottle } from '../rate-limit/login-throttle';
import { Role } from '../users/role.enum';
import type { TokenClaims } from './auth-user';
import { PasswordService } from './password.service';

interface LoginRow {
  id: string;
  role: Role;
  password_hash: string | null;
  disabled_at: Date | null;
  cooperative_id: string | null;
  buyer_id: string | null;
}

export interface LoginResult {
  accessToken: string;
  role: Role;
  expiresIn: string;
  failedAttemptsSinceLastLogin: number;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly passwords: PasswordService,
    private readonly env: Environment,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Buyers log in with their NIP as username. The same answer, after the same hashing work, for an
   * unknown user and a wrong password; every attempt goes through LoginThrottle (address: the client's).
   * The answer tells the owner how many failed attempts their account saw since the last login.
   */
  async login(username: string, password: string, address: string | undefined): Promise<LoginResult> {
    await this.throttle.check(username, address);
    const rows: LoginRow[] = await this.dataSource.query(
      `SELECT u.id, u.role, u.password_hash, u.disabled_at, u.cooperative_id, b.id AS buyer_id
         FROM users u LEFT JOIN buyers b ON b.user_id = u.id
        WHERE u.username = $1`,
      [username],
    );
    const row = rows[0];
    const valid = await this.passwords.verify(row?.password_hash ?? null, password);
    if (!row || !valid || row.disabled_at) {
      await this.throttle.failed(username, address);
      throw new DomainError(ErrorCode.Unauthenticated, 'Wrong username or password');
    }
    const failedAttemptsSinceLastLogin = await this.throttle.succeeded(username, address);
    return { accessToken: await this.issueToken(row), role: row.role, expiresIn: this.env.JWT_EXPIRES_IN, failedAttemptsSinceLastLogin };
  }

  issueToken(row: Pick<LoginRow, 'id' | 'role' | 'cooperative_id' | 'buyer_id'>): Promise<string> {
    const claims: TokenClaims = { sub: row.id, role: row.role };
    if (row.buyer_id) claims.bid = row.buyer_id;
    if (row.cooperative_id) claims.cid = row.cooperative_id;
    return this.jwt.signAsync(claims);
  }
}
