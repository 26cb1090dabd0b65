import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../types/domain.js';

export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface RefreshToken {
  id: string;
  userId: string;
  /** The owner's current role, for the access token issued on rotation. */
  userRole: Role;
  familyId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  replacedBy: string | null;
}

export interface NewRefreshToken {
  userId: string;
  userRole: Role;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

/** Each ORM's `src/lib/db/refresh-tokens.repository.ts` implements it. */
export interface RefreshTokensRepository {
  create(token: NewRefreshToken): Promise<RefreshToken>;
  /** Runs `work` in one database transaction with a repository bound to it. */
  transaction<T>(work: (tx: RefreshTokensRepository) => Promise<T>): Promise<T>;
  /** Finds a token by hash and locks its row until the transaction ends. */
  findByHashForUpdate(tokenHash: string): Promise<RefreshToken | undefined>;
  markReplaced(id: string, replacedBy: string): Promise<void>;
  revoke(id: string): Promise<void>;
  revokeFamily(familyId: string): Promise<void>;
}

/** An opaque refresh token for the client; only its SHA-256 hash is stored. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
