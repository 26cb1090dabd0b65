import {
  expiresIn,
  generateSessionToken,
  SESSION_TTL_SECONDS,
  sessionIdOf,
  type SessionsRepository,
} from '../lib/auth/sessions.js';
import type { LoginLimiter } from '../lib/auth/login-limit.js';
import { NotFoundError, UnauthorizedError } from '../lib/errors.js';
import { getDummyHash, hashPassword, verifyPassword } from '../lib/passwords.js';
import type { Principal, User } from '../types/domain.js';
import type { UsersRepository } from '../types/users-repository.js';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
}

/** A new session: the user, and the token the session cookie carries. */
export interface SignedIn {
  user: User;
  token: string;
}

export interface AuthService {
  register(input: RegisterInput): Promise<User>;
  login(email: string, password: string): Promise<SignedIn>;
  /** Ends the session of this token; an unknown token is not an error. */
  logout(token: string | undefined): Promise<void>;
  /** Ends every session of the user, then starts a new one for the caller. */
  changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
  ): Promise<SignedIn>;
}

export interface AuthServiceDeps {
  users: UsersRepository;
  sessions: SessionsRepository;
  loginLimiter: LoginLimiter;
}

const INVALID_CREDENTIALS = 'Invalid email or password';

export function createAuthService({ users, sessions, loginLimiter }: AuthServiceDeps): AuthService {
  async function startSession(user: User): Promise<SignedIn> {
    const token = generateSessionToken();
    await sessions.create({
      id: sessionIdOf(token),
      userId: user.id,
      expiresAt: expiresIn(SESSION_TTL_SECONDS),
    });
    return { user, token };
  }

  /** The user when the password is theirs; unknown emails cost a verification all the same. */
  async function verifyCredentials(email: string, password: string): Promise<User | undefined> {
    const found = await users.findByEmailWithPassword(email);
    const valid = await verifyPassword(found?.passwordHash ?? (await getDummyHash()), password);
    if (found === undefined || !valid) return undefined;
    const { id, email: address, name, role, createdAt } = found;
    return { id, email: address, name, role, createdAt };
  }

  return {
    async register({ email, password, name }) {
      return users.create({ email, name, passwordHash: await hashPassword(password) });
    },

    async login(email, password) {
      await loginLimiter.check(email);
      const user = await verifyCredentials(email, password);
      if (user === undefined) {
        await loginLimiter.recordFailure(email);
        throw new UnauthorizedError(INVALID_CREDENTIALS);
      }
      await loginLimiter.reset(email);
      return startSession(user);
    },

    async logout(token) {
      if (token !== undefined) await sessions.delete(sessionIdOf(token));
    },

    async changePassword(principal, currentPassword, newPassword) {
      const account = await users.findById(principal.userId);
      if (account === undefined) throw new NotFoundError('User not found');
      await loginLimiter.check(account.email);
      const user = await verifyCredentials(account.email, currentPassword);
      if (user === undefined) {
        await loginLimiter.recordFailure(account.email);
        throw new UnauthorizedError('Current password is wrong');
      }
      await sessions.replacePassword(user.id, await hashPassword(newPassword));
      return startSession(user);
    },
  };
}
