import helmetMiddleware from 'helmet';

/** Secure response headers (CSP, HSTS, nosniff, frameguard, ...) and no X-Powered-By. */
export const helmet = () => helmetMiddleware();
