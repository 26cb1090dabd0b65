import type { TRPCError } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import {
  AppError,
  boundedError,
  ConflictError,
  errorHeaders,
  ForbiddenError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
  type ErrorCode,
} from '../lib/errors.js';
import type { Context } from './context.js';

const TRPC_CODES: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION_ERROR: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_SUPPORTED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  INTERNAL_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/**
 * A failed call in the terms of the error envelope, with a message safe for the client. Services
 * throw AppErrors, which tRPC wraps as the `cause` of an INTERNAL_SERVER_ERROR; input validation
 * fails as BAD_REQUEST caused by a ZodError; the rest are tRPC's own protocol errors.
 */
export function toAppError(error: TRPCError): AppError {
  const { cause } = error;
  if (cause instanceof AppError) return cause;
  // A TRPCError thrown without a message carries its code as the message.
  const message = error.message === error.code ? undefined : error.message;
  switch (error.code) {
    case 'BAD_REQUEST':
      if (cause instanceof ZodError) {
        return new ValidationError(
          'Request validation failed',
          cause.issues.map((issue) => ({
            field: ['input', ...issue.path.map(String)].join('.'),
            message: issue.message,
          })),
        );
      }
      return cause instanceof SyntaxError
        ? new ValidationError('Request input is not valid JSON')
        : new ValidationError(message);
    case 'PARSE_ERROR':
      return new ValidationError('Request input is not valid JSON');
    case 'UNSUPPORTED_MEDIA_TYPE':
      return new ValidationError(message);
    case 'UNAUTHORIZED':
      return new UnauthorizedError(message);
    case 'FORBIDDEN':
      return new ForbiddenError(message);
    // A query sent as POST (or a mutation as GET) has no procedure to answer it, as REST has no
    // route for a wrong method.
    case 'NOT_FOUND':
    case 'METHOD_NOT_SUPPORTED':
      return new NotFoundError(message);
    case 'CONFLICT':
      return new ConflictError(message);
    case 'PAYLOAD_TOO_LARGE':
      return new PayloadTooLargeError();
    case 'TOO_MANY_REQUESTS':
      return new RateLimitedError();
    default:
      return new InternalError();
  }
}

/**
 * The adapters' `responseMeta`: a failed call's headers as REST sends them (Retry-After on a
 * 503), and a JSON content type, which tRPC leaves out of what it refuses before reading a call
 * (a batch, a POST without a body) though the body is its JSON error; and the cookies the
 * call set.
 */
export function responseMeta({ ctx, errors }: { ctx?: Context; errors: TRPCError[] }) {
  const [error] = errors;
  return {
    headers: {
      'content-type': 'application/json',
      ...(error !== undefined && errorHeaders(toAppError(error))),
      ...(ctx !== undefined &&
        ctx.responseCookies.length > 0 && { 'set-cookie': ctx.responseCookies }),
    },
  };
}

/**
 * tRPC's error shape with the envelope's fields in `data`: `code` is the envelope's code (not
 * tRPC's), `httpStatus` the response status, and no stack trace or internal message, ever.
 * `requestId` is missing only when tRPC refused the request before it built a context (a batch,
 * a POST without a body); the X-Request-Id header always carries it.
 */
export function errorShape(
  appError: AppError,
  call: { path?: string | undefined; requestId?: string | undefined },
) {
  const { message, details } = boundedError(appError);
  return {
    code: TRPC_ERROR_CODES_BY_KEY[TRPC_CODES[appError.code]],
    message,
    data: {
      code: appError.code,
      httpStatus: appError.statusCode,
      ...(details && { details }),
      path: call.path,
      requestId: call.requestId,
      timestamp: new Date().toISOString(),
    },
  };
}
