import type { Env } from '../../config/env.js';
import { createAuthService, type AuthService } from '../../services/auth.service.js';
import { createUserService, type UserService } from '../../services/user.service.js';
import type { UsersRepository } from '../../types/users-repository.js';
import type { Authenticator } from '../authentication.js';
import type { Db } from '../db/client.js';
import { createRefreshTokensRepository } from '../db/refresh-tokens.repository.js';
import { createUsersRepository } from '../db/users.repository.js';
import { createBearerAuthenticator } from './bearer.js';
import type { RefreshTokensRepository } from './refresh-tokens.js';
import { createTokenSigner } from './tokens.js';

// Self-hosted JWT: short-lived access tokens signed with JWT_SECRET, and rotating refresh
// tokens whose hashes it keeps in a table of its own.

/** The tables of sign-in: the users every sign-in choice has, and this choice's own. */
export interface AuthRepositories {
  users: UsersRepository;
  refreshTokens: RefreshTokensRepository;
}

export function createAuthRepositories(db: Db): AuthRepositories {
  return { users: createUsersRepository(db), refreshTokens: createRefreshTokensRepository(db) };
}

/** What the sign-in choice adds to the services: the users, the authenticator, its routes' service. */
export interface AuthServices {
  users: UserService;
  authenticator: Authenticator;
  auth: AuthService;
}

export function createAuthServices(
  { users, refreshTokens }: AuthRepositories,
  env: Pick<Env, 'JWT_SECRET'>,
): AuthServices {
  const tokens = createTokenSigner(env.JWT_SECRET);
  return {
    users: createUserService(users),
    authenticator: createBearerAuthenticator(tokens),
    auth: createAuthService({ users, refreshTokens, tokens }),
  };
}
