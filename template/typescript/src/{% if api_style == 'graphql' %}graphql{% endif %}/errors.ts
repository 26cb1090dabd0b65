import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import {
  AppError,
  boundedError,
  errorHeaders,
  InternalError,
  ServiceUnavailableError,
  ValidationError,
} from '../lib/errors.js';
import type { ServerContext } from './context.js';

/** True for an error GraphQL raised itself: syntax, validation, a limit, a bad variable. */
function isGraphQLsOwn(error: GraphQLError): boolean {
  const cause = error.originalError;
  return cause === undefined || (cause instanceof GraphQLError && isGraphQLsOwn(cause));
}

/** The AppError a GraphQL error stands for; its message is safe for the client. */
function toAppError(error: GraphQLError): AppError {
  if (error.originalError instanceof AppError) return error.originalError;
  if (isGraphQLsOwn(error)) return new ValidationError(error.message);
  return new InternalError();
}

function withCode(error: GraphQLError, { requestId, log }: ServerContext): GraphQLError {
  const appError = toAppError(error);
  // An outage answers 503 with Retry-After, as REST does; the database's guard logs it, once.
  const outage = appError instanceof ServiceUnavailableError;
  if (!outage && appError.statusCode >= 500) {
    log.error({ err: error.originalError ?? error, path: error.path }, 'unhandled error');
  } else if (!outage) {
    log.info({ code: appError.code, path: error.path }, appError.message);
  }
  const http = outage
    ? { status: appError.statusCode, headers: errorHeaders(appError) }
    : error.extensions.http;
  const { message, details } = boundedError(appError);
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: {
      code: appError.code,
      ...(details && { details }),
      requestId,
      // Yoga turns `http` into the response status (400 for a request it could not run, 503
      // for an outage) and headers, and leaves it out of the body.
      ...(http !== undefined && { http }),
    },
  });
}

function withCodes(result: ExecutionResult, context: ServerContext): ExecutionResult {
  if (result.errors === undefined) return result;
  return { ...result, errors: result.errors.map((error) => withCode(error, context)) };
}

/**
 * Every GraphQL error carries the codes of the REST envelope in `extensions`:
 * `{ code, details?, requestId }`. AppErrors keep their code and message; GraphQL's own errors
 * are VALIDATION_ERROR; anything else is masked as INTERNAL_ERROR and logged with its cause.
 * It replaces Yoga's `maskedErrors`, whose mask function sees neither the request id nor the
 * request's logger.
 */
export function useErrorCodes(): Plugin<object, ServerContext> {
  return {
    onRequestParse({ requestParser }) {
      // Yoga would answer an unknown content type with an empty 415; say what it accepts.
      if (requestParser === undefined) {
        throw new GraphQLError('Send GraphQL as a GET query string or a POST application/json', {
          extensions: { http: { status: 415 } },
        });
      }
    },
    onResultProcess(payload) {
      const { result, serverContext } = payload;
      // No subscriptions or @defer: a result is one response, or a batch of them.
      if (isAsyncIterable(result)) return;
      payload.setResult(
        Array.isArray(result)
          ? result.map((each) => withCodes(each, serverContext))
          : withCodes(result, serverContext),
      );
    },
  };
}
