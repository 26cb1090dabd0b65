import type { MiddlewareHandler } from 'hono';
import { secureHeaders as honoSecureHeaders } from 'hono/secure-headers';

/**
 * Secure response headers for a JSON API, as the OWASP REST Security Cheat Sheet asks of every
 * response: nothing may load from or frame it (CSP `default-src 'none'; frame-ancestors 'none'`,
 * X-Frame-Options DENY), HSTS, nosniff, no Referer, same-origin CORP, and no cache may keep it
 * (it carries tokens and personal data). The other defaults of hono/secure-headers (COOP,
 * Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options,
 * X-Permitted-Cross-Domain-Policies, X-XSS-Protection) guard HTML documents: the docs page, the
 * one document served, sets them itself, and a header a route sets is kept.
 */
export function secureHeaders(): MiddlewareHandler {
  const apiHeaders = honoSecureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: 'DENY',
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    overwrite: false,
  });
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await apiHeaders(c, next);
  };
}
