import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok') });

const checkSchema = z.enum(['ok', 'error']);

export const readySchema = z.object({
  status: z.enum(['ok', 'error', 'draining']),
  /** One entry per dependency app.ts names: `database`, and `cache` when there is one. */
  checks: z.record(z.string(), checkSchema),
});
