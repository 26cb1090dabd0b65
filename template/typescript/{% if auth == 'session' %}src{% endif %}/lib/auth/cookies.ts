import { parseCookie, stringifySetCookie, type SetCookie } from 'cookie';
import type { HeaderReader } from '../headers.js';
import { csrfTokenOf } from './sessions.js';

/**
 * The browser keeps the cookies this long; the session's own expiry in the database is what
 * counts, so a sliding renewal needs no new Set-Cookie. 400 days is the longest browsers keep.
 */
const COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export interface SessionCookies {
  /** The Set-Cookie values that start a session: the token and its CSRF token. */
  issue(token: string): string[];
  /** The Set-Cookie values that remove both cookies. */
  clear(): string[];
  /** The session token the request's Cookie header carries, if any. */
  tokenOf(header: HeaderReader): string | undefined;
}

/**
 * `secure` is false only in development over http. With it, the names take the `__Host-`
 * prefix: the browser then refuses them unless set over https, for this host, on path `/`.
 */
export function createSessionCookies({ secure }: { secure: boolean }): SessionCookies {
  const prefix = secure ? '__Host-' : '';
  const session = `${prefix}session`;
  const csrf = `${prefix}csrf`;
  const attributes: Omit<SetCookie, 'name' | 'value'> = {
    path: '/',
    secure,
    sameSite: 'lax',
    maxAge: COOKIE_MAX_AGE_SECONDS,
  };
  return {
    issue(token) {
      return [
        stringifySetCookie({ name: session, value: token, ...attributes, httpOnly: true }),
        // Readable by the page's script, which echoes it in the X-CSRF-Token header.
        stringifySetCookie({ name: csrf, value: csrfTokenOf(token), ...attributes }),
      ];
    },
    clear() {
      return [session, csrf].map((name) =>
        stringifySetCookie({ name, value: '', ...attributes, maxAge: 0 }),
      );
    },
    tokenOf(header) {
      const value = header('cookie');
      return value === undefined ? undefined : parseCookie(value)[session];
    },
  };
}
