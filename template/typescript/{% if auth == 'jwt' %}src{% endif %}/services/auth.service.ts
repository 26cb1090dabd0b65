import { randomUUID } from 'node:crypto';
import {
  generateRefreshToken,
  hashRefreshToken,
  REFRESH_TOKEN_TTL_SECONDS,
  type RefreshTokensRepository,
} from '../lib/auth/refresh-tokens.js';
import { ACCESS_TOKEN_TTL_SECONDS, type TokenSigner } from '../lib/auth/tokens.js';
import { UnauthorizedError } from '../lib/errors.js';
import { getDummyHash, hashPassword, verifyPassword } from '../lib/passwords.js';
import type { Principal, User } from '../types/domain.js';
import type { UsersRepository } from '../types/users-repository.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
}

export interface AuthService {
  register(input: RegisterInput): Promise<User>;
  login(email: string, password: string): Promise<TokenPair>;
  refresh(refreshToken: string): Promise<TokenPair>;
  logout(refreshToken: string): Promise<void>;
}

export interface AuthServiceDeps {
  users: UsersRepository;
  refreshTokens: RefreshTokensRepository;
  tokens: TokenSigner;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const INVALID_REFRESH_TOKEN = 'Invalid or expired refresh token';

export function createAuthService({ users, refreshTokens, tokens }: AuthServiceDeps): AuthService {
  async function issuePair(
    principal: Principal,
    familyId: string,
    repository: RefreshTokensRepository,
  ): Promise<{ pair: TokenPair; tokenId: string }> {
    const refreshToken = generateRefreshToken();
    const stored = await repository.create({
      userId: principal.userId,
      userRole: principal.role,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    const accessToken = await tokens.signAccessToken(principal);
    return {
      pair: { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS },
      tokenId: stored.id,
    };
  }

  return {
    async register({ email, password, name }) {
      return users.create({ email, name, passwordHash: await hashPassword(password) });
    },

    async login(email, password) {
      const user = await users.findByEmailWithPassword(email);
      // Unknown emails still pay for a hash verification, so timing reveals nothing.
      const valid = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);
      if (user === undefined || !valid) throw new UnauthorizedError(INVALID_CREDENTIALS);
      const { pair } = await issuePair(
        { userId: user.id, role: user.role },
        randomUUID(),
        refreshTokens,
      );
      return pair;
    },

    async refresh(refreshToken) {
      const outcome = await refreshTokens.transaction(async (tx) => {
        const stored = await tx.findByHashForUpdate(hashRefreshToken(refreshToken));
        if (stored === undefined) return undefined;
        if (stored.revokedAt !== null) {
          // A rotated or revoked token came back: assume theft and end the whole family.
          await tx.revokeFamily(stored.familyId);
          return undefined;
        }
        if (stored.expiresAt.getTime() <= Date.now()) return undefined;
        const principal = { userId: stored.userId, role: stored.userRole };
        const next = await issuePair(principal, stored.familyId, tx);
        await tx.markReplaced(stored.id, next.tokenId);
        return next.pair;
      });
      if (outcome === undefined) throw new UnauthorizedError(INVALID_REFRESH_TOKEN);
      return outcome;
    },

    async logout(refreshToken) {
      await refreshTokens.transaction(async (tx) => {
        const stored = await tx.findByHashForUpdate(hashRefreshToken(refreshToken));
        if (stored !== undefined) await tx.revoke(stored.id);
      });
    },
  };
}
