import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { corsPolicy, isListedOrigin } from '../lib/cors.js';

/**
 * CORS for the origins listed in CORS_ORIGINS only (src/lib/cors.ts). Requests from elsewhere,
 * or with no Origin at all, get no CORS headers, preflights included.
 */
export function cors(origins: string[]): MiddlewareHandler {
  const corsHeaders = honoCors({
    origin: origins,
    allowMethods: corsPolicy.methods,
    allowHeaders: corsPolicy.allowedHeaders,
    credentials: corsPolicy.credentials,
    // hono-rate-limiter sends the draft-6 RateLimit-* headers, not X-RateLimit-*.
    exposeHeaders: [
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Policy',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
    maxAge: corsPolicy.maxAgeSeconds,
  });
  const isListed = isListedOrigin(origins);
  // hono/cors would expose headers to any Origin, and it writes to `c.res` before the route
  // answers, which makes Hono copy the route's response and @hono/node-server stream the copy
  // (more than twice the cost of a request): only the listed origins go through it.
  return async (c, next) => {
    if (isListed(c.req.header('origin'))) return corsHeaders(c, next);
    c.header('Vary', 'Origin', { append: true });
    await next();
  };
}
