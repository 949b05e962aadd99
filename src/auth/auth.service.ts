import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
import { LoginThrottle } from '../rate-limit/login-throttle';
import { Role } from '../users/role.enum';
import { UsersRepository } from '../users/users.repository';
import type { TokenClaims } from './auth-user';
import { PasswordService } from './password.service';

/** Whom a token is issued to (the buyer pages issue one at registration as well). */
interface TokenSubject {
  id: string;
  role: Role;
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
    private readonly users: UsersRepository,
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
    const account = await this.users.loginAccount(username);
    const valid = await this.passwords.verify(account?.passwordHash ?? null, password);
    if (!account || !valid || account.disabledAt) {
      await this.throttle.failed(username, address);
      throw new DomainError(ErrorCode.Unauthenticated, 'Wrong username or password');
    }
    const failedAttemptsSinceLastLogin = await this.throttle.succeeded(username, address);
    const accessToken = await this.issueToken({
      id: account.id,
      role: account.role,
      cooperative_id: account.cooperativeId,
      buyer_id: account.buyerId,
    });
    return { accessToken, role: account.role, expiresIn: this.env.JWT_EXPIRES_IN, failedAttemptsSinceLastLogin };
  }

  issueToken(row: TokenSubject): Promise<string> {
    const claims: TokenClaims = { sub: row.id, role: row.role };
    if (row.buyer_id) claims.bid = row.buyer_id;
    if (row.cooperative_id) claims.cid = row.cooperative_id;
    return this.jwt.signAsync(claims);
  }
}
