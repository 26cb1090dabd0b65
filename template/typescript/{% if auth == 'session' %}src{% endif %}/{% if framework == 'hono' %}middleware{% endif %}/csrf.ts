import { createMiddleware } from 'hono/factory';
import { ForbiddenError } from '../lib/errors.js';
import type { AppEnv } from '../types/hono.js';

/** Refuses unsafe requests from foreign origins or without the session's CSRF token (403). */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  const refusal = c.var.services.csrf.refusal(c.req.method, (name) => c.req.header(name));
  if (refusal !== undefined) throw new ForbiddenError(refusal);
  await next();
});
