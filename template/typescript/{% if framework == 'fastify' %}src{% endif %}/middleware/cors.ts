import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import { corsPolicy } from '../lib/cors.js';

/** CORS for the origins listed in CORS_ORIGINS only (src/lib/cors.ts). */
export default fp(
  async (app) => {
    const { maxAgeSeconds, ...policy } = corsPolicy;
    await app.register(cors, { origin: app.config.CORS_ORIGINS, ...policy, maxAge: maxAgeSeconds });
  },
  { name: 'cors' },
);
