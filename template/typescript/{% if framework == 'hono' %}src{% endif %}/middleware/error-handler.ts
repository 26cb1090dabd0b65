import { randomUUID } from 'node:crypto';
import { RequestError } from '@hono/node-server';
import type { Hook } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import {
  AppError,
  ForbiddenError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from '../lib/errors.js';
import type { AppEnv } from '../types/hono.js';

/** Where a failed value came from, named as in every stack's error details. */
const SOURCES: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'querystring',
  param: 'params',
  header: 'headers',
  cookie: 'cookies',
};

/** Maps anything thrown to an AppError whose message is safe for the client. */
function toAppError(error: Error): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof HTTPException) || error.status >= 500) return new InternalError();
  switch (error.status) {
    case 401:
      return new UnauthorizedError();
    case 403:
      return new ForbiddenError();
    case 404:
      return new NotFoundError();
    case 413:
      return new PayloadTooLargeError();
    case 415:
      return new ValidationError('Content-Type must be application/json');
    case 429:
      return new RateLimitedError();
    default:
      // The JSON validator's "Malformed JSON in request body", and any other client error.
      return new ValidationError(
        error.message.startsWith('Malformed JSON')
          ? 'Request body is not valid JSON'
          : 'Invalid request',
      );
  }
}

function envelope(appError: AppError, requestId: string) {
  return {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details && { details: appError.details }),
      requestId,
      timestamp: new Date().toISOString(),
    },
  };
}

function sendError(c: Context<AppEnv>, appError: AppError): Response {
  return c.json(envelope(appError, c.var.requestId), appError.statusCode as ContentfulStatusCode);
}

/** `app.onError`: every error answers with the error envelope; only 5xx are logged as errors. */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const appError = toAppError(error);
  if (appError.statusCode >= 500) {
    c.var.logger.error({ err: error }, 'unhandled error');
  } else {
    c.var.logger.info({ code: appError.code, statusCode: appError.statusCode }, appError.message);
  }
  return sendError(c, appError);
};

/** `app.notFound`: unknown routes (after the rate limiter has counted them). */
export const notFound: NotFoundHandler<AppEnv> = (c) =>
  sendError(c, new NotFoundError(`Route ${c.req.method} ${c.req.path} not found`));

/** The `defaultHook` of every OpenAPI route: a failed zod validation is a 400 with a detail per issue. */
export const validationHook: Hook<unknown, AppEnv, string, void> = (result) => {
  if (result.success) return;
  const source = SOURCES[result.target] ?? result.target;
  throw new ValidationError(
    'Request validation failed',
    result.error.issues.map((issue) => ({
      field: [source, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
};

/**
 * @hono/node-server's `errorHandler`, for what never reaches `onError`: requests it cannot turn
 * into a Request (a malformed target or Host header), and a failure of the error handling itself.
 */
export function serverErrorHandler(logger: Logger) {
  return (error: unknown): Response => {
    const requestId = randomUUID();
    let appError: AppError;
    if (error instanceof RequestError) {
      logger.info({ reqId: requestId }, `malformed request: ${error.message}`);
      appError = new ValidationError('Malformed request');
    } else {
      logger.error({ err: error, reqId: requestId }, 'unhandled error');
      appError = new InternalError();
    }
    return Response.json(envelope(appError, requestId), {
      status: appError.statusCode,
      headers: { 'X-Request-Id': requestId },
    });
  };
}
