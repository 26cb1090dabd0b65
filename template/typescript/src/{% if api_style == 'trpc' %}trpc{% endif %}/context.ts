import type { Services } from '../services/index.js';
import type { Principal } from '../types/domain.js';

export interface Context {
  services: Services;
  /** The request id of the call, as in the X-Request-Id header and the logs. */
  requestId: string;
  /** The caller of a request with a valid access token; `protectedProcedure` requires one. */
  principal: Principal | null;
}

/** What each framework's adapter reads from its request to build the context. */
export interface ContextRequest {
  id: string;
  authorization: string | undefined;
}

const BEARER = /^Bearer (\S+)$/i;

export async function createContext(services: Services, request: ContextRequest): Promise<Context> {
  const token = BEARER.exec(request.authorization ?? '')?.[1];
  return {
    services,
    requestId: request.id,
    principal: token === undefined ? null : await services.auth.authenticate(token),
  };
}
