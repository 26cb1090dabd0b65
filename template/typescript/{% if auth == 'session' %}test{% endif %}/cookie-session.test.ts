import { describe, expect, it } from 'vitest';
import { createSessionAuthenticator } from '../src/lib/auth/cookie-session.js';
import { createSessionCookies } from '../src/lib/auth/cookies.js';
import {
  expiresIn,
  SESSION_TTL_SECONDS,
  sessionIdOf,
  type Session,
  type SessionsRepository,
} from '../src/lib/auth/sessions.js';

const DAY = 24 * 60 * 60;
const token = 'a-session-token';

/** Sessions in memory, one stored under the token's hash, expiring `in` seconds from now. */
function sessionsExpiringIn(seconds: number) {
  const stored = new Map<string, Session>([
    [
      sessionIdOf(token),
      { id: sessionIdOf(token), userId: 'u1', role: 'user', expiresAt: expiresIn(seconds) },
    ],
  ]);
  const done = Promise.resolve();
  const repository: SessionsRepository = {
    create: () => done,
    findById: (id) => Promise.resolve(stored.get(id)),
    extend: (id, expiresAt) => {
      const session = stored.get(id);
      if (session !== undefined) stored.set(id, { ...session, expiresAt });
      return done;
    },
    delete: (id) => {
      stored.delete(id);
      return done;
    },
    replacePassword: () => done,
  };
  return { repository, stored };
}

const cookies = createSessionCookies({ secure: true });
const withCookie = (name: string) => (header: string) =>
  header === 'cookie' ? `${name}=${token}` : undefined;

describe('the session authenticator', () => {
  it('leaves a fresh session as it is', async () => {
    const { repository, stored } = sessionsExpiringIn(SESSION_TTL_SECONDS);
    const before = stored.get(sessionIdOf(token))?.expiresAt;
    const result = await createSessionAuthenticator(repository, cookies).authenticate(
      withCookie('__Host-session'),
    );
    expect(result).toEqual({ principal: { userId: 'u1', role: 'user' } });
    expect(stored.get(sessionIdOf(token))?.expiresAt).toEqual(before);
  });

  it('extends a session used in the second half of its life by a whole TTL', async () => {
    const { repository, stored } = sessionsExpiringIn(DAY);
    await createSessionAuthenticator(repository, cookies).authenticate(
      withCookie('__Host-session'),
    );
    const expiresAt = stored.get(sessionIdOf(token))?.expiresAt.getTime() ?? 0;
    expect(expiresAt).toBeGreaterThan(Date.now() + (SESSION_TTL_SECONDS - 60) * 1000);
  });

  it('refuses and deletes an expired session', async () => {
    const { repository, stored } = sessionsExpiringIn(-1);
    const result = await createSessionAuthenticator(repository, cookies).authenticate(
      withCookie('__Host-session'),
    );
    expect(result).toEqual({ principal: null, reason: 'Invalid or expired session' });
    expect(stored.size).toBe(0);
  });

  it('reads only the cookie name of its mode: `__Host-` outside development', async () => {
    const { repository } = sessionsExpiringIn(SESSION_TTL_SECONDS);
    const authenticator = createSessionAuthenticator(repository, cookies);
    expect((await authenticator.authenticate(withCookie('session'))).principal).toBeNull();
    const development = createSessionAuthenticator(
      repository,
      createSessionCookies({ secure: false }),
    );
    expect((await development.authenticate(withCookie('session'))).principal).not.toBeNull();
  });
});
