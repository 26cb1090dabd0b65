import { z } from 'zod';
import { ENVELOPE_LIMITS } from '../lib/errors.js';

/** A 32-bit integer: the `format` tells client generators which type to use. */
export const int32 = () => z.int().meta({ format: 'int32' });

/** A count that may outgrow 32 bits, up to what a JSON number holds exactly. */
const count = () => z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ format: 'int64' });

// eslint-disable-next-line no-control-regex -- excluding control characters is the point
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

/** Text the server writes: no control characters (src/lib/errors.ts strips them). */
const messageText = (max: number) => z.string().max(max).regex(PRINTABLE);

/** What src/lib/request-id.ts keeps or makes: word characters and dashes. */
const REQUEST_ID = /^[\w-]+$/;

/**
 * An email address as zod reads one, held to what mail is delivered to: a local part of at most
 * 64 characters (RFC 5321), domain labels of at most 63 that do not end in a hyphen (RFC 1035).
 * The document states the pattern too: some generators write `format: email` and nothing else.
 */
const EMAIL =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]{0,63}[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;
export const emailSchema = z.email({ pattern: EMAIL }).max(254).meta({ pattern: EMAIL.source });

export const uuidSchema = z.uuid().max(36);

/** When something happened, as the database recorded it (ISO 8601 with its offset). */
export const timestampSchema = z.iso.datetime({ offset: true }).max(35);

/**
 * Shared HTTP envelopes, used by every route schema and so by the OpenAPI document. Every string
 * and array states its bound: errorEnvelope (src/lib/errors.ts) keeps to them.
 */
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
        'SERVICE_UNAVAILABLE',
      ]),
      message: messageText(ENVELOPE_LIMITS.message),
      details: z
        .array(
          z.object({
            field: messageText(ENVELOPE_LIMITS.field),
            message: messageText(ENVELOPE_LIMITS.message),
          }),
        )
        .max(ENVELOPE_LIMITS.details)
        .optional(),
      requestId: z.string().max(128).regex(REQUEST_ID),
      timestamp: timestampSchema,
    }),
  })
  .meta({ id: 'ErrorResponse' });

export const dataEnvelope = <T extends z.ZodType>(data: T) => z.object({ data });

const MAX_PAGE = 1_000_000;
export const MAX_PAGE_SIZE = 100;

export const pageMetaSchema = z
  .object({
    page: int32().min(1).max(MAX_PAGE),
    limit: int32().min(1).max(MAX_PAGE_SIZE),
    total: count(),
    totalPages: count(),
  })
  .meta({ id: 'PageMeta' });

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1).meta({ format: 'int32' }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).meta({ format: 'int32' }),
});

/** Text PostgreSQL can store: no NUL characters. */
export const safeText = () =>
  // eslint-disable-next-line no-control-regex -- rejecting the control character is the point
  z.string().regex(/^[^\u0000]*$/, 'Must not contain NUL characters');

// eslint-disable-next-line no-control-regex -- rejecting the control character is the point
const VISIBLE_TEXT = /^[^\u0000]*[^\s\u0000][^\u0000]*$/;

/** Required text: at least one visible character, no NUL characters, at most `max` characters. */
export const requiredText = (max: number) =>
  z.string().max(max).regex(VISIBLE_TEXT, 'Must not be blank or contain NUL characters');

export const uuidParamsSchema = z.object({ id: uuidSchema });

/** Error responses any route can produce (validation, body size, rate limit, crash, outage). */
export const commonErrorResponses = {
  400: errorEnvelopeSchema,
  413: errorEnvelopeSchema,
  429: errorEnvelopeSchema,
  500: errorEnvelopeSchema,
  503: errorEnvelopeSchema,
};

export const authErrorResponses = {
  ...commonErrorResponses,
  401: errorEnvelopeSchema,
};

export const noContentSchema = z.null().describe('No content');
