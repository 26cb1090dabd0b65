import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';
import { isLoggedRequest } from '../lib/logger.js';
import type { AppEnv } from '../types/hono.js';

/**
 * Gives each request a child logger carrying its id (`c.var.logger`), and writes one JSON line
 * per request once the response is ready (as pino-http does): the request, the status and the
 * response time. Probes that pass are not logged.
 */
export function requestLog(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const start = performance.now();
    const log = logger.child({ reqId: c.var.requestId });
    c.set('logger', log);
    await next();
    const { method, url = '', socket } = c.env.incoming;
    if (!isLoggedRequest(url, c.res.status)) return;
    log.info(
      {
        req: { method, url, remoteAddress: socket.remoteAddress },
        res: { statusCode: c.res.status },
        responseTime: performance.now() - start,
      },
      'request completed',
    );
  });
}
