import type { Authenticator } from '../authentication.js';
import type { SessionCookies } from './cookies.js';
import {
  expiresIn,
  SESSION_RENEW_WITHIN_SECONDS,
  SESSION_TTL_SECONDS,
  sessionIdOf,
  type SessionsRepository,
} from './sessions.js';

/** Verifies the session cookie and slides the session's expiry forward as it is used. */
export function createSessionAuthenticator(
  sessions: SessionsRepository,
  cookies: SessionCookies,
): Authenticator {
  return {
    async authenticate(header) {
      const token = cookies.tokenOf(header);
      if (token === undefined) return { principal: null, reason: 'Missing session cookie' };
      const session = await sessions.findById(sessionIdOf(token));
      if (session === undefined || session.expiresAt.getTime() <= Date.now()) {
        if (session !== undefined) await sessions.delete(session.id);
        return { principal: null, reason: 'Invalid or expired session' };
      }
      if (session.expiresAt.getTime() - Date.now() < SESSION_RENEW_WITHIN_SECONDS * 1000) {
        await sessions.extend(session.id, expiresIn(SESSION_TTL_SECONDS));
      }
      return { principal: { userId: session.userId, role: session.role } };
    },
  };
}
