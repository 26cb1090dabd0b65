import type { z } from 'zod';
import { ValidationError } from '../lib/errors.js';

/**
 * Parses a resolver's arguments with zod (the schemas REST validates the same input with), or
 * throws VALIDATION_ERROR naming each bad field (`input.email`, `id`). GraphQL has already
 * checked the types; zod adds the rules: lengths, formats, no blank titles.
 */
export function parseArgs<T extends z.ZodType>(schema: T, args: unknown): z.output<T> {
  const result = schema.safeParse(args);
  if (!result.success) {
    throw new ValidationError(
      'Invalid arguments',
      result.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}
