import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ReadinessCheck } from '../../lib/readiness.js';
import { healthSchema, readySchema } from './schemas.js';

/**
 * Liveness and readiness probes, outside /api/v1 and free of rate limits. They are for the
 * orchestrator, not API clients: the OpenAPI document leaves them out.
 */
const healthRoutes: FastifyPluginAsyncZod<{ ready: ReadinessCheck }> = async (app, { ready }) => {
  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: { hide: true, response: { 200: healthSchema } },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { rateLimit: false },
      schema: { hide: true, response: { 200: readySchema, 503: readySchema } },
    },
    async (_request, reply) => {
      const readiness = await ready();
      return reply.code(readiness.status === 'ok' ? 200 : 503).send(readiness);
    },
  );
};

export default healthRoutes;
