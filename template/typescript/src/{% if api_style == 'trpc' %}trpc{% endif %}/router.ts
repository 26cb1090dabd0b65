import { authRouter } from '../app/api/auth/router.js';
import { postsRouter } from '../app/api/posts/router.js';
import { usersRouter } from '../app/api/users/router.js';
import { router } from './init.js';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  posts: postsRouter,
});

/** The API's type: a TypeScript client imports it (type only) for `createTRPCClient<AppRouter>`. */
export type AppRouter = typeof appRouter;
