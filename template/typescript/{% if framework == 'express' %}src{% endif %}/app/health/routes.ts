import { Router } from 'express';
import type { ReadinessCheck } from '../../lib/readiness.js';

/**
 * Liveness and readiness probes, mounted before the rate limiter and outside /api/v1. They are for
 * the orchestrator, not API clients: the OpenAPI document leaves them out.
 */
export function healthRoutes(ready: ReadinessCheck): Router {
  const router = Router();

  router.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });

  router.get('/ready', async (_request, response) => {
    const readiness = await ready();
    response.status(readiness.status === 'ok' ? 200 : 503).json(readiness);
  });

  return router;
}
