import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
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

/** Maps anything thrown to an AppError whose message is safe for the client. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'request';
    return new ValidationError(
      'Request validation failed',
      error.validation.map((issue) => ({
        field: [context, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'Invalid value',
      })),
    );
  }
  const status = (error as Partial<FastifyError>).statusCode;
  if (typeof status !== 'number' || status >= 500 || status < 400) return new InternalError();
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
    default:
      // Malformed JSON, wrong content type, empty body, bad content length...
      return new ValidationError(
        (error as FastifyError).code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
          error instanceof SyntaxError
          ? 'Request body is not valid JSON'
          : 'Invalid request',
      );
  }
}

/** Client errors in one info line; server errors with their cause, for the operator. */
export function logError(request: FastifyRequest, appError: AppError, error: unknown): void {
  if (appError.statusCode >= 500) {
    request.log.error({ err: error }, 'unhandled error');
  } else {
    request.log.info({ code: appError.code, statusCode: appError.statusCode }, appError.message);
  }
}

function sendError(request: FastifyRequest, reply: FastifyReply, appError: AppError) {
  return reply.code(appError.statusCode).send({
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details && { details: appError.details }),
      requestId: request.id,
      timestamp: new Date().toISOString(),
    },
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (malformed URL, overlong
 * parameter) skip hooks and the error handler, so they get the envelope and request id here.
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.header('x-request-id', request.id);
  sendError(request, reply, toAppError(error));
}

/** Every error, and every unknown route, answers with the error envelope. */
export default fp(
  (app) => {
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error);
      logError(request, appError, error);
      return sendError(request, reply, appError);
    });

    // Unknown routes are rate limited too, so they cannot be used to probe for free.
    app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) =>
      sendError(
        request,
        reply,
        new NotFoundError(`Route ${request.method} ${request.url} not found`),
      ),
    );
  },
  { name: 'error-handler', dependencies: ['rate-limit'] },
);
