import type { z } from 'zod';
import { ValidationError } from '../lib/errors.js';

/** Where a value came from; error details name fields as `body.email`, `querystring.limit`. */
export type RequestPart = 'body' | 'querystring' | 'params';

/** Parses one part of a request with its zod schema, or throws a 400 naming each bad field. */
export function parse<T extends z.ZodType>(
  part: RequestPart,
  schema: T,
  value: unknown,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(
      'Request validation failed',
      result.error.issues.map((issue) => ({
        field: [part, ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}
