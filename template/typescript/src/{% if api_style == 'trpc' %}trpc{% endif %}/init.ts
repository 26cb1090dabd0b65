import { initTRPC } from '@trpc/server';
import { UnauthorizedError } from '../lib/errors.js';
import type { Context } from './context.js';
import { errorShape, toAppError } from './errors.js';

const t = initTRPC.context<Context>().create({
  errorFormatter: ({ error, path, ctx }) =>
    errorShape(toAppError(error), { path, requestId: ctx?.requestId }),
});

export const router = t.router;

export const publicProcedure = t.procedure;

/** For signed-in callers: answers UNAUTHORIZED, with the authenticator's reason, to others. */
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  const { authentication } = ctx;
  if (authentication.principal === null) throw new UnauthorizedError(authentication.reason);
  return next({ ctx: { principal: authentication.principal } });
});
