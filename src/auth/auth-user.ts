import { Role } from '../users/role.enum';

/** What a verified token says about its bearer. */
export interface AuthUser {
  userId: string;
  role: Role;
  /** Present for buyers: their buyer profile. */
  buyerId?: string;
  /** Present for cooperative managers. */
  cooperativeId?: string;
}

export interface TokenClaims {
  sub: string;
  role: Role;
  bid?: string;
  cid?: string;
  /** Issued at (seconds), set by the signer. */
  iat?: number;
}
