import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { isLoggedRequest } from '../lib/logger.js';
import { requestIdFrom } from '../lib/request-id.js';

/**
 * pino-http: gives each request its id (echoed as X-Request-Id on every response, errors and 404s
 * included), a `req.log` bound to it, and writes one JSON line when the response is sent; probes
 * that pass are not logged.
 */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (request, response) => {
      const id = requestIdFrom(request.headers['x-request-id']);
      response.setHeader('x-request-id', id);
      return id;
    },
    quietReqLogger: true,
    // What a request line needs; headers stay out (they carry credentials and cost bytes).
    serializers: {
      req: (request: { method: string; url: string; remoteAddress?: string }) => ({
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
