import corsMiddleware from 'cors';
import type { Env } from '../config/env.js';
import { corsPolicy, isListedOrigin } from '../lib/cors.js';

/**
 * CORS for the origins listed in CORS_ORIGINS only (src/lib/cors.ts). Requests from elsewhere,
 * or with no Origin at all, get no CORS headers, preflights included.
 */
export function cors(env: Pick<Env, 'CORS_ORIGINS'>) {
  const { maxAgeSeconds, ...policy } = corsPolicy;
  const isListed = isListedOrigin(env.CORS_ORIGINS);
  return corsMiddleware({
    // true echoes the request's Origin back; false skips cors altogether. It then sets no
    // Vary: Origin either, which no cache needs: responses are no-store.
    origin: (origin, callback) => {
      callback(null, isListed(origin));
    },
    ...policy,
    maxAge: maxAgeSeconds,
  });
}
