import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  AppError,
  errorEnvelope,
  errorForStatus,
  errorHeaders,
  NotFoundError,
  ServiceUnavailableError,
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
  const invalidJson =
    (error as FastifyError).code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error instanceof SyntaxError;
  if (status === 400 && invalidJson) return new ValidationError('Request body is not valid JSON');
  return errorForStatus(status);
}

/**
 * Client errors in one info line; server errors with their cause, for the operator. An outage
 * is not logged per request: the dependency's guard logs when it starts and when it ends.
 */
export function logError(request: FastifyRequest, appError: AppError, error: unknown): void {
  if (appError instanceof ServiceUnavailableError) return;
  if (appError.statusCode >= 500) {
    request.log.error({ err: error }, 'unhandled error');
  } else {
    request.log.info({ code: appError.code, statusCode: appError.statusCode }, appError.message);
  }
}

function sendError(request: FastifyRequest, reply: FastifyReply, appError: AppError) {
  return reply
    .code(appError.statusCode)
    .headers(errorHeaders(appError))
    .send(errorEnvelope(appError, request.id));
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
