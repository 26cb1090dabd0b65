import fp from 'fastify-plugin';
import { ForbiddenError } from '../lib/errors.js';
import { nodeHeaderReader } from '../lib/headers.js';

/** Refuses unsafe requests from foreign origins or without the session's CSRF token (403). */
export default fp(
  (app) => {
    app.addHook('onRequest', async (request) => {
      const refusal = app.services.csrf.refusal(request.method, nodeHeaderReader(request.headers));
      if (refusal !== undefined) throw new ForbiddenError(refusal);
    });
  },
  { name: 'csrf' },
);
