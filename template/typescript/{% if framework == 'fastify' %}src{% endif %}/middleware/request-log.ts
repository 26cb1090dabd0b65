import fp from 'fastify-plugin';
import { isLoggedRequest } from '../lib/logger.js';

/**
 * One JSON line per request, written when the response is sent (as pino-http does), instead of
 * Fastify's two; it carries the request id, the status and the response time. Probes that pass
 * are not logged.
 */
export default fp(
  (app) => {
    app.addHook('onResponse', (request, reply, done) => {
      if (isLoggedRequest(request.url, reply.statusCode)) {
        request.log.info(
          { req: request, res: reply, responseTime: reply.elapsedTime },
          'request completed',
        );
      }
      done();
    });
  },
  { name: 'request-log' },
);
