import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
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

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly passwords: PasswordService,
    private readonly env: Environment,
  ) {}

  /** Buyers log in with their NIP as username. The same answer for unknown user and wrong password. */
  async login(username: string, password: string): Promise<{ accessToken: string; role: Role; expiresIn: string }> {
    const rows: LoginRow[] = await this.dataSource.query(
      `SELECT u.id, u.role, u.password_hash, u.disabled_at, u.cooperative_id, b.id AS buyer_id
         FROM users u LEFT JOIN buyers b ON b.user_id = u.id
        WHERE u.username = $1`,
      [username],
    );
    const row = rows[0];
    const valid = await this.passwords.verify(row?.password_hash ?? null, password);
    if (!row || !valid || row.disabled_at) {
      throw new DomainError(ErrorCode.Unauthenticated, 'Wrong username or password');
    }
    return { accessToken: await this.issueToken(row), role: row.role, expiresIn: this.env.JWT_EXPIRES_IN };
  }

  issueToken(row: Pick<LoginRow, 'id' | 'role' | 'cooperative_id' | 'buyer_id'>): Promise<string> {
    const claims: TokenClaims = { sub: row.id, role: row.role };
    if (row.buyer_id) claims.bid = row.buyer_id;
    if (row.cooperative_id) claims.cid = row.cooperative_id;
    return this.jwt.signAsync(claims);
  }
}
