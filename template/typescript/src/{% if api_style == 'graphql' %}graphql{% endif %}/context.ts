import DataLoader from 'dataloader';
import type { YogaInitialContext } from 'graphql-yoga';
import type { BaseLogger } from 'pino';
import { NotFoundError } from '../lib/errors.js';
import type { Services } from '../services/index.js';
import type { Principal, User } from '../types/domain.js';
import type { AuthRateLimiter } from './rate-limit.js';

/** What the framework hands Yoga with each request (see src/app/api/graphql.ts). */
export interface ServerContext {
  requestId: string;
  clientIp: string;
  /** The request's logger: every line carries the request id. */
  log: Pick<BaseLogger, 'info' | 'error'>;
}

/** What every resolver receives. Built per request, so loaders never share a cache. */
export interface GraphQLContext {
  /** The caller, from a valid `Authorization: Bearer <access token>`; null when anonymous. */
  principal: Principal | null;
  services: Services;
  loaders: {
    /** Batches every user lookup of one request into a single query (no N+1 on post authors). */
    users: DataLoader<string, User>;
  };
  /** Counts an auth attempt of this client; throws RATE_LIMITED past AUTH_RATE_LIMIT_MAX. */
  limitAuthAttempt: () => Promise<void>;
}

const BEARER = /^Bearer (\S+)$/i;

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
    const token = BEARER.exec(request.headers.get('authorization') ?? '')?.[1];
    return {
      // An invalid or expired token makes the caller anonymous; fields that need a principal
      // then answer UNAUTHORIZED.
      principal: token === undefined ? null : await services.auth.authenticate(token),
      services,
      loaders: { users: createUserLoader(services) },
      limitAuthAttempt: () => authLimiter.consume(clientIp),
    };
  };
}
