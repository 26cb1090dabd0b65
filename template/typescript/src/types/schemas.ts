import { z } from 'zod';

/** Shared HTTP envelopes, used by every route schema and so by the OpenAPI document. */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum([
        'VALIDATION_ERROR',
        'UNAUTHORIZED',
        'FORBIDDEN',
        'NOT_FOUND',
        'METHOD_NOT_ALLOWED',
        'CONFLICT',
        'PAYLOAD_TOO_LARGE',
        'RATE_LIMITED',
        'INTERNAL_ERROR',
      ]),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      requestId: z.string(),
      timestamp: z.iso.datetime(),
    }),
  })
  .meta({ id: 'ErrorResponse' });

export const dataEnvelope = <T extends z.ZodType>(data: T) => z.object({ data });

export const pageMetaSchema = z
  .object({
    page: z.int().min(1),
    limit: z.int().min(1),
    total: z.int().min(0),
    totalPages: z.int().min(0),
  })
  .meta({ id: 'PageMeta' });

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Text PostgreSQL can store: no NUL characters. */
export const safeText = () =>
  // eslint-disable-next-line no-control-regex -- rejecting the control character is the point
  z.string().regex(/^[^\u0000]*$/, 'Must not contain NUL characters');

/** Required text: at least one visible character, at most `max` characters. */
export const requiredText = (max: number) => safeText().max(max).regex(/\S/, 'Must not be blank');

export const uuidParamsSchema = z.object({ id: z.uuid() });

/** Error responses any route can produce (validation, body size, rate limit, crash). */
export const commonErrorResponses = {
  400: errorEnvelopeSchema,
  413: errorEnvelopeSchema,
  429: errorEnvelopeSchema,
  500: errorEnvelopeSchema,
};

export const authErrorResponses = {
  ...commonErrorResponses,
  401: errorEnvelopeSchema,
};

export const noContentSchema = z.null().describe('No content');
