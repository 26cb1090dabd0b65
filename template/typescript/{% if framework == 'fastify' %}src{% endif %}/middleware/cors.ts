import cors from '@fastify/cors';
import fp from 'fastify-plugin';

/** CORS for the origins listed in CORS_ORIGINS only; others get no CORS headers. */
export default fp(
  async (app) => {
    await app.register(cors, {
      origin: app.config.CORS_ORIGINS,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: [
        'X-Request-Id',
        'Retry-After',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ],
      maxAge: 600,
    });
  },
  { name: 'cors' },
);
