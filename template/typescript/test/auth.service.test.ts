import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenSigner } from '../src/lib/auth.js';
import { ConflictError, UnauthorizedError } from '../src/lib/errors.js';
import { createAuthService } from '../src/services/auth.service.js';
import type { RefreshToken, UserWithPassword } from '../src/types/domain.js';
import type { RefreshTokensRepository, UsersRepository } from '../src/types/repositories.js';

// The service's rules on repositories kept in memory: no database involved (test/auth.test.ts
// runs the same flows over HTTP on the real one).

function fakeUsers(): UsersRepository {
  const users: UserWithPassword[] = [];
  return {
    findById: (id) => Promise.resolve(users.find((user) => user.id === id)),
    findByEmailWithPassword: (email) =>
      Promise.resolve(users.find((user) => user.email.toLowerCase() === email.toLowerCase())),
    create(user) {
      if (users.some((other) => other.email.toLowerCase() === user.email.toLowerCase())) {
        return Promise.reject(new ConflictError('Email is already registered'));
      }
      const created = {
        id: randomUUID(),
        email: user.email,
        name: user.name,
        role: user.role ?? 'user',
        createdAt: new Date().toISOString(),
      };
      users.push({ ...created, passwordHash: user.passwordHash });
      return Promise.resolve(created);
    },
  };
}

function fakeRefreshTokens(): RefreshTokensRepository & { expireAll(): void } {
  const tokens = new Map<string, RefreshToken & { tokenHash: string }>();
  const revoke = (token: RefreshToken) => {
    token.revokedAt ??= new Date();
  };
  const repository: RefreshTokensRepository & { expireAll(): void } = {
    create(token) {
      const stored = { ...token, id: randomUUID(), revokedAt: null, replacedBy: null };
      tokens.set(stored.id, stored);
      return Promise.resolve(stored);
    },
    transaction: (work) => work(repository),
    findByHashForUpdate: (tokenHash) =>
      Promise.resolve([...tokens.values()].find((token) => token.tokenHash === tokenHash)),
    markReplaced(id, replacedBy) {
      const token = tokens.get(id);
      if (token !== undefined) Object.assign(token, { revokedAt: new Date(), replacedBy });
      return Promise.resolve();
    },
    revoke(id) {
      const token = tokens.get(id);
      if (token !== undefined) revoke(token);
      return Promise.resolve();
    },
    revokeFamily(familyId) {
      for (const token of tokens.values()) if (token.familyId === familyId) revoke(token);
      return Promise.resolve();
    },
    expireAll() {
      for (const token of tokens.values()) token.expiresAt = new Date(Date.now() - 1000);
    },
  };
  return repository;
}

function setUp() {
  const refreshTokens = fakeRefreshTokens();
  const auth = createAuthService({
    users: fakeUsers(),
    refreshTokens,
    tokens: createTokenSigner(randomBytes(32).toString('hex')),
  });
  return { auth, refreshTokens };
}

const PASSWORD = 'correct-horse-battery';

async function signedUp(auth: ReturnType<typeof setUp>['auth']) {
  const email = `user-${randomUUID()}@example.com`;
  const user = await auth.register({ email, password: PASSWORD, name: 'Ada' });
  return { user, pair: await auth.login(email, PASSWORD) };
}

describe('auth service', () => {
  it('registers without exposing the password hash, once per email whatever its case', async () => {
    const { auth } = setUp();
    const user = await auth.register({ email: 'Ada@Example.com', password: PASSWORD, name: 'Ada' });
    expect(Object.keys(user).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);
    await expect(
      auth.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('answers an unknown email and a wrong password alike', async () => {
    const { auth } = setUp();
    const { user } = await signedUp(auth);
    const unknown = await auth
      .login('nobody@example.com', PASSWORD)
      .catch((error: unknown) => error);
    const wrong = await auth.login(user.email, 'wrong-password').catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(UnauthorizedError);
    expect(wrong).toEqual(unknown);
  });

  it('issues access tokens that authenticate the user', async () => {
    const { auth } = setUp();
    const { user, pair } = await signedUp(auth);
    expect(await auth.authenticate(pair.accessToken)).toEqual({ userId: user.id, role: 'user' });
    expect(await auth.authenticate('not-a-token')).toBeNull();
  });

  it('rotates refresh tokens; a reused one revokes its whole family', async () => {
    const { auth } = setUp();
    const { pair } = await signedUp(auth);
    const rotated = await auth.refresh(pair.refreshToken);
    expect(rotated.refreshToken).not.toBe(pair.refreshToken);
    await expect(auth.refresh(pair.refreshToken)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(auth.refresh(rotated.refreshToken)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses expired, logged out and unknown refresh tokens', async () => {
    const { auth, refreshTokens } = setUp();
    const first = await signedUp(auth);
    await auth.logout(first.pair.refreshToken);
    await expect(auth.refresh(first.pair.refreshToken)).rejects.toBeInstanceOf(UnauthorizedError);

    const second = await signedUp(auth);
    refreshTokens.expireAll();
    await expect(auth.refresh(second.pair.refreshToken)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(auth.refresh('not-a-token')).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
