import type { Principal } from './domain.js';

// Express 5's documented way to type what middleware adds to the request.
declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `requireAuth` (src/middleware/authenticate.ts). */
    principal?: Principal;
  }
}
