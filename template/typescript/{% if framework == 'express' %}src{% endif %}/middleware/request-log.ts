import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { isLoggedRequest } from '../lib/logger.js';
import { requestIdFrom } from '../lib/request-id.js';

/**
 * pino-http: gives each request its id (echoed as X-Request-Id on every response, errors and 404s
 * included), a `req.log` bound to the request (its id, method, url and address under `req`), and
 * writes one JSON line when the response is sent; probes that pass are not logged.
 *
 * pino-http's default logger layout, one child per request: `quietReqLogger` would bind the id
 * in a child of its own and the request in a grandchild, which cost /health about a quarter of
 * its throughput.
 */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (request, response) => {
      const id = requestIdFrom(request.headers['x-request-id']);
      response.setHeader('x-request-id', id);
      return id;
    },
    // What a request line needs; headers stay out (they carry credentials and cost bytes).
    serializers: {
      req: (request: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: request.id,
        method: request.method,
        url: request.url,
        remoteAddress: request.remoteAddress,
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (request, response, error) => {
      if (error !== undefined || response.statusCode >= 500) return 'error';
      return isLoggedRequest(request.url ?? '', response.statusCode) ? 'info' : 'silent';
    },
  });
}
