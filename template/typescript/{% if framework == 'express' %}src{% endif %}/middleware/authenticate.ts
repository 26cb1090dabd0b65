import type { Request, RequestHandler } from 'express';
import { UnauthorizedError } from '../lib/errors.js';
import type { AuthService } from '../services/auth.service.js';
import type { Principal } from '../types/domain.js';

const BEARER = /^Bearer (\S+)$/i;

/** Verifies `Authorization: Bearer <access token>` and sets `request.principal`, or answers 401. */
export function requireAuth(auth: AuthService): RequestHandler {
  return async (request, _response, next) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const principal = token === undefined ? null : await auth.authenticate(token);
    if (principal === null) throw new UnauthorizedError('Missing or invalid access token');
    request.principal = principal;
    next();
  };
}

/** The principal set by `requireAuth`; for handlers of routes that use it. */
export function principalOf(request: Request): Principal {
  if (request.principal === undefined) throw new UnauthorizedError();
  return request.principal;
}
