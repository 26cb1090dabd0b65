import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/** Secure response headers (CSP, HSTS, nosniff, frameguard, ...). */
export default fp(
  async (app) => {
    await app.register(helmet, { global: true });
  },
  { name: 'helmet' },
);
