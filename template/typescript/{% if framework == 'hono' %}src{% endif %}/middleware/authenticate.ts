import { createMiddleware } from 'hono/factory';
import { UnauthorizedError } from '../lib/errors.js';
import type { AppEnv, AuthEnv } from '../types/hono.js';

const BEARER = /^Bearer (\S+)$/i;

/**
 * Route middleware: verifies `Authorization: Bearer <access token>` and sets `c.var.principal`
 * for the handler, or answers 401.
 */
export const requireAuth = createMiddleware<AppEnv & AuthEnv>(async (c, next) => {
  const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
  const principal = token === undefined ? null : await c.var.services.auth.authenticate(token);
  if (principal === null) throw new UnauthorizedError('Missing or invalid access token');
  c.set('principal', principal);
  await next();
});
