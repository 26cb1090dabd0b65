import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * The headers helmet's defaults set (CSP, HSTS, nosniff, frameguard, ...). They depend on its
 * options only, so its middleware runs once, on a response that is never sent.
 */
function helmetHeaders(): OutgoingHttpHeaders {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  helmet()(request, response, () => undefined);
  return response.getHeaders();
}

/**
 * Secure response headers on every reply, added as one object rather than by running helmet's
 * middleware on each request (as @fastify/helmet does, building it anew each time). A route may
 * still set its own: the docs page widens the CSP for its scripts.
 */
export default fp(
  (app, _options, done) => {
    const headers = helmetHeaders();
    app.addHook('onRequest', (_request, reply, next) => {
      reply.headers(headers);
      next();
    });
    done();
  },
  { name: 'helmet' },
);
