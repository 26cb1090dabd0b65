import type { RequestHandler } from 'express';
import type { CsrfGuard } from '../lib/auth/csrf.js';
import { ForbiddenError } from '../lib/errors.js';

/** Refuses unsafe requests from foreign origins or without the session's CSRF token (403). */
export function csrf(guard: CsrfGuard): RequestHandler {
  return (request, _response, next) => {
    const refusal = guard.refusal(request.method, (name) => request.get(name));
    next(refusal === undefined ? undefined : new ForbiddenError(refusal));
  };
}
