import { authCors } from './auth/cors.js';

/** What each origin of CORS_ORIGINS may do; other origins get no CORS headers at all. */
export const corsPolicy = {
  methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  allowedHeaders: [...authCors.allowedHeaders, 'Content-Type', 'X-Request-Id'],
  credentials: authCors.credentials,
  exposedHeaders: [
    'X-Request-Id',
    'Retry-After',
    'X-RateLimit-Limit',
    'X-RateLimit-Remaining',
    'X-RateLimit-Reset',
  ],
  maxAgeSeconds: 600,
};

/** Whether a request's Origin is one CORS_ORIGINS lists; a request without one is not CORS. */
export function isListedOrigin(origins: readonly string[]) {
  const listed = new Set(origins);
  return (origin: string | undefined): origin is string =>
    origin !== undefined && listed.has(origin);
}
