import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { API_CACHE_CONTROL, apiHelmetOptions } from '../lib/security-headers.js';

/**
 * The headers helmet sets with `options` (its defaults, for an HTML page, without). They depend
 * on the options only, so its middleware runs once, on a response that is never sent.
 */
export function helmetHeaders(options?: HelmetOptions): OutgoingHttpHeaders {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  helmet(options)(request, response, () => undefined);
  return response.getHeaders();
}

/**
 * Secure response headers for a JSON API (src/lib/security-headers.ts) on every reply, added as
 * one object rather than by running helmet's middleware on each request (as @fastify/helmet
 * does, building it anew each time). A route may still set its own: the docs page does.
 */
export default fp(
  (app, _options, done) => {
    const headers = { ...helmetHeaders(apiHelmetOptions), 'cache-control': API_CACHE_CONTROL };
    app.addHook('onRequest', (_request, reply, next) => {
      reply.headers(headers);
      next();
    });
    done();
  },
  { name: 'helmet' },
);
