import type { RequestHandler } from 'express';
import helmetMiddleware from 'helmet';
import { API_CACHE_CONTROL, apiHelmetOptions } from '../lib/security-headers.js';

const noStore: RequestHandler = (_request, response, next) => {
  response.setHeader('Cache-Control', API_CACHE_CONTROL);
  next();
};

/**
 * Secure response headers for a JSON API (src/lib/security-headers.ts) and no X-Powered-By. A
 * router may still set its own: the docs page does.
 */
export const helmet = (): RequestHandler[] => [helmetMiddleware(apiHelmetOptions), noStore];
