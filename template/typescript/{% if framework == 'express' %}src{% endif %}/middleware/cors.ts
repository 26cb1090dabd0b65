import corsMiddleware from 'cors';
import type { Env } from '../config/env.js';

/** CORS for the origins listed in CORS_ORIGINS only; others get no CORS headers. */
export function cors(env: Pick<Env, 'CORS_ORIGINS'>) {
  return corsMiddleware({
    origin: env.CORS_ORIGINS,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: [
      'X-Request-Id',
      'Retry-After',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
    ],
    maxAge: 600,
  });
}
