import { cors as honoCors } from 'hono/cors';

/** CORS for the origins listed in CORS_ORIGINS only; others get no CORS headers. */
export function cors(origins: string[]) {
  return honoCors({
    origin: origins,
    allowMethods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposeHeaders: [
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Policy',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
    maxAge: 600,
  });
}
