import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import { corsPolicy, isListedOrigin } from '../lib/cors.js';

/**
 * CORS for the origins listed in CORS_ORIGINS only (src/lib/cors.ts). Requests from elsewhere,
 * or with no Origin at all, get no CORS headers, preflights included.
 */
export default fp(
  async (app) => {
    const { maxAgeSeconds, ...policy } = corsPolicy;
    const isListed = isListedOrigin(app.config.CORS_ORIGINS);
    await app.register(cors, {
      // true echoes the request's Origin back; false turns CORS off for the request.
      origin: (origin, callback) => {
        callback(null, isListed(origin));
      },
      ...policy,
      maxAge: maxAgeSeconds,
    });
  },
  { name: 'cors' },
);
