import type { Env } from '../config/env.js';
import type { Database } from '../lib/db/client.js';
import type { Drain } from '../lib/shutdown.js';
import type { Services } from '../services/index.js';

// What app.ts decorates the app with. A plugin that adds a decoration of its own declares it
// beside itself (middleware/authenticate.ts, types/fastify-cache.ts).
declare module 'fastify' {
  interface FastifyInstance {
    config: Env;
    database: Database;
    drain: Drain;
    services: Services;
  }
}
