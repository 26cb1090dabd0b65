import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { UnauthorizedError } from '../lib/errors.js';
import type { Principal } from '../types/domain.js';

const BEARER = /^Bearer (\S+)$/i;

/** The principal set by `requireAuth`; for handlers of routes that use it. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new UnauthorizedError();
  return request.principal;
}

/**
 * Decorates `requireAuth`, a preHandler that verifies `Authorization: Bearer <access token>`
 * and sets request.principal, or answers 401.
 */
export default fp(
  (app) => {
    app.decorateRequest('principal', null);

    app.decorate('requireAuth', async (request: FastifyRequest) => {
      const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
      const principal = token === undefined ? null : await app.services.auth.authenticate(token);
      if (principal === null) throw new UnauthorizedError('Missing or invalid access token');
      request.principal = principal;
    });
  },
  { name: 'authenticate' },
);
