import DataLoader from 'dataloader';
import type { YogaInitialContext } from 'graphql-yoga';
import type { BaseLogger } from 'pino';
import type { Authentication } from '../lib/authentication.js';
import type { HeaderReader } from '../lib/headers.js';
import { NotFoundError } from '../lib/errors.js';
import type { Services } from '../services/index.js';
import type { User } from '../types/domain.js';
import type { AuthRateLimiter } from './rate-limit.js';
import { responseCookiesOf } from './response-cookies.js';

/** What the framework hands Yoga with each request (see src/app/api/graphql.ts). */
export interface ServerContext {
  requestId: string;
  clientIp: string;
  /** The request's logger: every line carries the request id. */
  log: Pick<BaseLogger, 'info' | 'error'>;
}

/** What every resolver receives. Built per request, so loaders never share a cache. */
export interface GraphQLContext {
  /** Who is calling, or why the request is anonymous (the message of its UNAUTHORIZED). */
  authentication: Authentication;
  /** The request's headers, for resolvers that read credentials themselves (a logout). */
  header: HeaderReader;
  /** Set-Cookie values a resolver adds to the response (see ./response-cookies.ts). */
  responseCookies: string[];
  services: Services;
  loaders: {
    /** Batches every user lookup of one request into a single query (no N+1 on post authors). */
    users: DataLoader<string, User>;
  };
  /** Counts an auth attempt of this client; throws RATE_LIMITED past AUTH_RATE_LIMIT_MAX. */
  limitAuthAttempt: () => Promise<void>;
}

function createUserLoader(services: Services): DataLoader<string, User> {
  return new DataLoader<string, User>(async (ids) => {
    const users = new Map((await services.users.findByIds(ids)).map((user) => [user.id, user]));
    return ids.map((id) => users.get(id) ?? new NotFoundError('User not found'));
  });
}

export function createContextFactory(services: Services, authLimiter: AuthRateLimiter) {
  return async ({
    request,
    clientIp,
  }: YogaInitialContext & ServerContext): Promise<GraphQLContext> => {
    const header: HeaderReader = (name) => request.headers.get(name) ?? undefined;
    return {
      // Bad credentials make the caller anonymous; fields that need a principal then answer
      // UNAUTHORIZED.
      authentication: await services.authenticator.authenticate(header),
      header,
      responseCookies: responseCookiesOf(request),
      services,
      loaders: { users: createUserLoader(services) },
      limitAuthAttempt: () => authLimiter.consume(clientIp),
    };
  };
}
