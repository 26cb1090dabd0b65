import type { Hono } from 'hono';
import type { ReadinessCheck } from '../../lib/readiness.js';
import type { AppEnv } from '../../types/hono.js';

/**
 * Liveness and readiness probes, outside /api/v1; app.ts exempts them from rate limits. They are
 * for the orchestrator, not API clients: plain Hono routes, so no OpenAPI document lists them.
 */
export function addHealthRoutes(app: Hono<AppEnv>, ready: ReadinessCheck): void {
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    const readiness = await ready();
    return c.json(readiness, readiness.status === 'ok' ? 200 : 503);
  });
}
