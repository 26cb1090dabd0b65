import type { HttpBindings } from '@hono/node-server';
import type { RequestIdVariables } from 'hono/request-id';
import type { Logger } from 'pino';
import type { Services } from '../services/index.js';

/** The app's Hono environment: the Node.js request, and what middleware puts on `c.var`. */
export interface AppEnv {
  Bindings: HttpBindings;
  Variables: RequestIdVariables & {
    /** The request's child logger; its lines carry the request id. */
    logger: Logger;
    services: Services;
  };
}
