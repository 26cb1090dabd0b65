import { rateLimit, type Options, type Store } from 'express-rate-limit';
import type { Env } from '../config/env.js';
import { RateLimitedError } from '../lib/errors.js';

/** A limiter of `limit` requests per window per client, its counters under `prefix`. */
export type RateLimiterFactory = (limit: number, prefix: string) => ReturnType<typeof rateLimit>;

/**
 * Makes the app's rate limiters: one window (RATE_LIMIT_WINDOW_SECONDS) for all, their counters
 * in `storeFor(prefix)`, or in process memory when it gives none.
 */
export function createRateLimiterFactory(
  env: Pick<Env, 'RATE_LIMIT_WINDOW_SECONDS'>,
  storeFor: (prefix: string) => Store | undefined = () => undefined,
): RateLimiterFactory {
  const options: Partial<Options> = {
    windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
    standardHeaders: false,
    legacyHeaders: true, // X-RateLimit-* and Retry-After, as the other stacks send
    handler: (_request, response, next) => {
      const retryAfter = String(response.getHeader('retry-after'));
      next(new RateLimitedError(`Too many requests, retry in ${retryAfter} seconds`));
    },
  };
  return (limit, prefix) => rateLimit({ ...options, limit, store: storeFor(prefix) });
}
