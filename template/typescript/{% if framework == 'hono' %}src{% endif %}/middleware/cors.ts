import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';

/** CORS for the origins listed in CORS_ORIGINS only; others get no CORS headers. */
export function cors(origins: string[]): MiddlewareHandler {
  const corsHeaders = honoCors({
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
  // Only browsers' cross-origin requests carry an Origin. hono/cors writes to `c.res` before the
  // route answers, which makes Hono copy the route's response and @hono/node-server stream the
  // copy: it more than doubles the cost of a request, so requests without an Origin skip it.
  return async (c, next) => {
    if (c.req.header('origin') !== undefined) return corsHeaders(c, next);
    c.header('Vary', 'Origin', { append: true });
    await next();
  };
}
