import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors.js';

/** Failed logins an account takes before it is locked for the rest of the window. */
export const FAILED_LOGINS_PER_ACCOUNT = 10;
export const FAILED_LOGIN_WINDOW_SECONDS = 15 * 60;

/**
 * Per account, beside the per-client limit on the auth routes: an attacker with many addresses
 * still gets 10 guesses per account per 15 minutes. Counted in this process's memory.
 */
export interface LoginLimiter {
  /** Throws RATE_LIMITED while the account is locked. */
  check(email: string): Promise<void>;
  recordFailure(email: string): Promise<void>;
  reset(email: string): Promise<void>;
}

export function createLoginLimiter(): LoginLimiter {
  const limiter = new RateLimiterMemory({
    keyPrefix: 'failed-login',
    points: FAILED_LOGINS_PER_ACCOUNT,
    duration: FAILED_LOGIN_WINDOW_SECONDS,
  });
  const key = (email: string) => email.toLowerCase();
  return {
    async check(email) {
      const state = await limiter.get(key(email));
      if (state !== null && state.remainingPoints <= 0) {
        throw new RateLimitedError('Too many failed logins for this account, retry later');
      }
    },
    async recordFailure(email) {
      await limiter.penalty(key(email), 1);
    },
    async reset(email) {
      await limiter.delete(key(email));
    },
  };
}
