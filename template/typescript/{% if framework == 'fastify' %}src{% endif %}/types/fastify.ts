import type { Env } from '../config/env.js';
import type { Services } from '../services/index.js';

// What app.ts decorates the app with. A plugin that adds a decoration of its own declares it
// beside itself (middleware/authenticate.ts, types/fastify-cache.ts).
declare module 'fastify' {
  interface FastifyInstance {
    config: Env;
    services: Services;
  }
}
