import { secureHeaders as honoSecureHeaders } from 'hono/secure-headers';

/** helmet's default policy: the API answers JSON, so nothing but its own origin is allowed. */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  fontSrc: ["'self'", 'https:', 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", 'https:', "'unsafe-inline'"],
};

/**
 * Secure response headers (CSP, HSTS, nosniff, frameguard, ...) and no X-Powered-By. A header a
 * route sets itself is kept: the docs page widens its CSP for the Swagger UI scripts.
 */
export function secureHeaders() {
  return honoSecureHeaders({
    contentSecurityPolicy: { ...contentSecurityPolicy, upgradeInsecureRequests: [] },
    overwrite: false,
  });
}
