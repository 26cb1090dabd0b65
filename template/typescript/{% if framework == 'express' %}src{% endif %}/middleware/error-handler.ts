import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
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
  // body-parser and the router tag their errors with a `type` and an HTTP `status`.
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') return new ValidationError('Request body is not valid JSON');
  return errorForStatus(typeof status === 'number' ? status : undefined);
}

/**
 * Client errors in one info line; server errors with their cause, for the operator. An outage
 * is not logged per request: the dependency's guard logs when it starts and when it ends.
 */
export function logError(request: Request, appError: AppError, error: unknown): void {
  if (appError instanceof ServiceUnavailableError) return;
  if (appError.statusCode >= 500) {
    request.log.error({ err: error }, 'unhandled error');
  } else {
    request.log.info({ code: appError.code, statusCode: appError.statusCode }, appError.message);
  }
}

/** Unknown routes answer 404 in the envelope (after the rate limiter: no free probing). */
export const notFound: RequestHandler = (request) => {
  throw new NotFoundError(`Route ${request.method} ${request.path} not found`);
};

/** The last middleware: every error answers with the envelope, never Express's HTML page. */
export const errorHandler: ErrorRequestHandler = (error, request, response, next) => {
  if (response.headersSent) {
    next(error);
    return;
  }
  const appError = toAppError(error);
  logError(request, appError, error);
  const requestId = request.id as string; // genReqId (request-log.ts) makes strings
  response
    .status(appError.statusCode)
    .set(errorHeaders(appError))
    .json(errorEnvelope(appError, requestId));
};
