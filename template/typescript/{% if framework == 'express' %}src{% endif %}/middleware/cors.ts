import corsMiddleware from 'cors';
import type { Env } from '../config/env.js';
import { corsPolicy } from '../lib/cors.js';

/** CORS for the origins listed in CORS_ORIGINS only (src/lib/cors.ts). */
export function cors(env: Pick<Env, 'CORS_ORIGINS'>) {
  const { maxAgeSeconds, ...policy } = corsPolicy;
  return corsMiddleware({ origin: env.CORS_ORIGINS, ...policy, maxAge: maxAgeSeconds });
}
