import { timingSafeEqual } from 'node:crypto';
import type { HeaderReader } from '../headers.js';
import type { SessionCookies } from './cookies.js';
import { csrfTokenOf } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';

export interface CsrfGuard {
  /** Why an unsafe request must be refused with 403, or undefined when it may go on. */
  refusal(method: string, header: HeaderReader): string | undefined;
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Two checks on every unsafe method, whatever the route (REST, tRPC and GraphQL alike):
 * - an Origin header, which browsers send on every cross-origin write, must be this host or one
 *   of CORS_ORIGINS (this also stops a foreign page from signing a visitor in);
 * - a request that carries the session cookie must echo its CSRF token in X-CSRF-Token, which
 *   only a page that can read this site's cookies knows.
 */
export function createCsrfGuard(cookies: SessionCookies, allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return {
    refusal(method, header) {
      if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
      const origin = header('origin');
      if (origin !== undefined && !allowed.has(origin) && hostOf(origin) !== header('host')) {
        return 'Cross-origin request refused';
      }
      const token = cookies.tokenOf(header);
      if (token === undefined) return undefined;
      const sent = header(CSRF_HEADER);
      return sent !== undefined && sameString(sent, csrfTokenOf(token))
        ? undefined
        : 'Missing or invalid CSRF token';
    },
  } satisfies CsrfGuard;
}

function hostOf(origin: string): string | undefined {
  return URL.parse(origin)?.host;
}
