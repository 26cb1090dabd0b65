import fp from 'fastify-plugin';

/**
 * One JSON line per request, written when the response is sent (as pino-http does), instead of
 * Fastify's two; it carries the request id, the status and the response time.
 */
export default fp(
  (app) => {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        { req: request, res: reply, responseTime: reply.elapsedTime },
        'request completed',
      );
      done();
    });
  },
  { name: 'request-log' },
);
