import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';
import { requestIdFrom } from '../lib/request-id.js';

/** Fastify's genReqId: keeps a sane incoming X-Request-Id, otherwise makes a UUID. */
export function genReqId(request: IncomingMessage): string {
  return requestIdFrom(request.headers['x-request-id']);
}

/** Echoes the request id on every response, errors and 404s included. */
export default fp(
  (app) => {
    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      done();
    });
  },
  { name: 'request-id' },
);
