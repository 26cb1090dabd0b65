import type { Authentication } from '../lib/authentication.js';
import type { HeaderReader } from '../lib/headers.js';
import type { Services } from '../services/index.js';

export interface Context {
  services: Services;
  /** The request id of the call, as in the X-Request-Id header and the logs. */
  requestId: string;
  /** Who is calling, or why the call is anonymous; `protectedProcedure` requires a principal. */
  authentication: Authentication;
  /** The request's headers, for procedures that read credentials themselves (a logout). */
  header: HeaderReader;
  /** Set-Cookie values a procedure adds to its response (src/trpc/errors.ts sends them). */
  responseCookies: string[];
}

/** What each framework's adapter reads from its request to build the context. */
export interface ContextRequest {
  id: string;
  header: HeaderReader;
}

export async function createContext(services: Services, request: ContextRequest): Promise<Context> {
  return {
    services,
    requestId: request.id,
    authentication: await services.authenticator.authenticate(request.header),
    header: request.header,
    responseCookies: [],
  };
}
