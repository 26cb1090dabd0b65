export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

export interface ErrorDetail {
  field: string;
  message: string;
}

/** An error whose code, status and message are safe to show to the client. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly statusCode: number,
    message: string,
    public readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(message = 'Request validation failed', details?: ErrorDetail[]) {
    super('VALIDATION_ERROR', 400, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super('UNAUTHORIZED', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', 403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Resource not found') {
    super('NOT_FOUND', 404, message);
  }
}

/** A known path asked with a method it does not answer; `allowed` lists the ones it does. */
export class MethodNotAllowedError extends AppError {
  constructor(
    public readonly allowed: readonly string[],
    message = `Method not allowed, this path answers ${allowed.join(', ')}`,
  ) {
    super('METHOD_NOT_ALLOWED', 405, message);
  }
}

export class ConflictError extends AppError {
  constructor(message = 'Resource already exists') {
    super('CONFLICT', 409, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = 'Request body is too large') {
    super('PAYLOAD_TOO_LARGE', 413, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(message = 'Too many requests, please retry later') {
    super('RATE_LIMITED', 429, message);
  }
}

export class InternalError extends AppError {
  constructor(message = 'Internal server error') {
    super('INTERNAL_ERROR', 500, message);
  }
}

/** Seconds a client is told to wait (Retry-After) before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** A required dependency (the database) cannot be reached: not a bug, and worth a retry. */
export class ServiceUnavailableError extends AppError {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;

  constructor(message = 'The service is temporarily unavailable, please retry later') {
    super('SERVICE_UNAVAILABLE', 503, message);
  }
}

/** Headers an error carries besides the envelope: Retry-After on a 503, Allow on a 405. */
export function errorHeaders(error: AppError): Record<string, string> {
  if (error instanceof ServiceUnavailableError) {
    return { 'retry-after': String(error.retryAfterSeconds) };
  }
  if (error instanceof MethodNotAllowedError) return { allow: error.allowed.join(', ') };
  return {};
}

/**
 * The AppError for an HTTP status some library chose (a body parser, a router, a rate limiter):
 * 4xx statuses keep their meaning with a generic message, anything else is an internal error.
 */
export function errorForStatus(status: number | undefined): AppError {
  switch (status) {
    case 401:
      return new UnauthorizedError();
    case 403:
      return new ForbiddenError();
    case 404:
      return new NotFoundError();
    case 413:
      return new PayloadTooLargeError();
    case 429:
      return new RateLimitedError();
    case 503:
      return new ServiceUnavailableError();
    default:
      // Malformed JSON or URL, wrong content type, empty body, bad content length...
      return status !== undefined && status >= 400 && status < 500
        ? new ValidationError('Invalid request')
        : new InternalError();
  }
}

/** The bounds the error envelope keeps to, as its schema (src/types/schemas.ts) declares. */
export const ENVELOPE_LIMITS = { message: 500, field: 200, details: 50 } as const;

// Control characters, which a message can echo from the request (a key, a value).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** Text fit for the envelope: control characters dropped, at most `max` characters. */
function envelopeText(text: string, max: number): string {
  const printable = text.replace(CONTROL_CHARACTERS, ' ');
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}

/**
 * The message and details of `error` within the envelope's bounds: what the REST envelope, a
 * tRPC error and a GraphQL error show the client.
 */
export function boundedError(error: AppError): { message: string; details?: ErrorDetail[] } {
  const details = error.details?.slice(0, ENVELOPE_LIMITS.details).map((detail) => ({
    field: envelopeText(detail.field, ENVELOPE_LIMITS.field),
    message: envelopeText(detail.message, ENVELOPE_LIMITS.message),
  }));
  return {
    message: envelopeText(error.message, ENVELOPE_LIMITS.message),
    ...(details && { details }),
  };
}

/** The error envelope every failure answers with. */
export function errorEnvelope(error: AppError, requestId: string) {
  return {
    error: {
      code: error.code,
      ...boundedError(error),
      requestId,
      timestamp: new Date().toISOString(),
    },
  };
}
