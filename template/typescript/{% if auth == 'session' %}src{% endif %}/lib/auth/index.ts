import type { Env } from '../../config/env.js';
import { createAuthService, type AuthService } from '../../services/auth.service.js';
import { createUserService, type UserService } from '../../services/user.service.js';
import type { UsersRepository } from '../../types/users-repository.js';
import type { Authenticator } from '../authentication.js';
import type { Db } from '../db/client.js';
import { createSessionsRepository } from '../db/sessions.repository.js';
import { createUsersRepository } from '../db/users.repository.js';
import { createSessionAuthenticator } from './cookie-session.js';
import { createSessionCookies, type SessionCookies } from './cookies.js';
import { createCsrfGuard, type CsrfGuard } from './csrf.js';
import { createLoginLimiter } from './login-limit.js';
import type { SessionsRepository } from './sessions.js';

// Cookie sessions: a random token in an HttpOnly cookie, its SHA-256 in a table of their own,
// CSRF protection on every unsafe method.

/** The tables of sign-in: the users every sign-in choice has, and this choice's own. */
export interface AuthRepositories {
  users: UsersRepository;
  sessions: SessionsRepository;
}

export function createAuthRepositories(db: Db): AuthRepositories {
  return { users: createUsersRepository(db), sessions: createSessionsRepository(db) };
}

/** What the sign-in choice adds to the services: the users, the authenticator, its guard and routes. */
export interface AuthServices {
  users: UserService;
  authenticator: Authenticator;
  auth: AuthService;
  sessionCookies: SessionCookies;
  csrf: CsrfGuard;
}

export function createAuthServices(
  { users, sessions }: AuthRepositories,
  env: Pick<Env, 'NODE_ENV' | 'CORS_ORIGINS'>,
): AuthServices {
  // Plain http is accepted in development only; elsewhere a proxy or the server speaks https.
  const sessionCookies = createSessionCookies({ secure: env.NODE_ENV !== 'development' });
  return {
    users: createUserService(users),
    authenticator: createSessionAuthenticator(sessions, sessionCookies),
    auth: createAuthService({ users, sessions, loginLimiter: createLoginLimiter() }),
    sessionCookies,
    csrf: createCsrfGuard(sessionCookies, env.CORS_ORIGINS),
  };
}
