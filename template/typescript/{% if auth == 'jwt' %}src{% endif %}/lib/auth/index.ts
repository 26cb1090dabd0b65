import type { Env } from '../../config/env.js';
import { createAuthService, type AuthService } from '../../services/auth.service.js';
import type { UsersRepository } from '../../types/repositories.js';
import type { Authenticator } from '../authentication.js';
import type { Db } from '../db/client.js';
import { createRefreshTokensRepository } from '../db/refresh-tokens.repository.js';
import { createBearerAuthenticator } from './bearer.js';
import type { RefreshTokensRepository } from './refresh-tokens.js';
import { createTokenSigner } from './tokens.js';

// Self-hosted JWT: short-lived access tokens signed with JWT_SECRET, and rotating refresh
// tokens whose hashes it keeps in a table of its own.

/** The tables this sign-in choice owns, beside the users and posts every choice has. */
export interface AuthRepositories {
  refreshTokens: RefreshTokensRepository;
}

export function createAuthRepositories(db: Db): AuthRepositories {
  return { refreshTokens: createRefreshTokensRepository(db) };
}

/** What the sign-in choice adds to the services: the authenticator and its routes' service. */
export interface AuthServices {
  authenticator: Authenticator;
  auth: AuthService;
}

export function createAuthServices(
  { users, refreshTokens }: AuthRepositories & { users: UsersRepository },
  env: Pick<Env, 'JWT_SECRET'>,
): AuthServices {
  const tokens = createTokenSigner(env.JWT_SECRET);
  return {
    authenticator: createBearerAuthenticator(tokens),
    auth: createAuthService({ users, refreshTokens, tokens }),
  };
}
