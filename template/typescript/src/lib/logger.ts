import { stdSerializers, type LoggerOptions } from 'pino';
import type { Env } from '../config/env.js';

/**
 * Paths never written to the logs. Explicit paths, not `*.password` wildcards: pino compiles
 * them once, while each wildcard is walked on every log line of every request.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'body.password',
  'accessToken',
  'refreshToken',
  'body.refreshToken',
  'token',
];

/** The liveness and readiness probes, polled every few seconds by the orchestrator. */
const PROBE_PATHS = new Set(['/health', '/ready']);

/**
 * Whether a finished request gets a log line: all do but a probe that passed, whose lines would
 * bury the requests that matter. A failing probe (a 503 from /ready) is logged.
 */
export function isLoggedRequest(url: string, statusCode: number): boolean {
  return statusCode >= 400 || !PROBE_PATHS.has(url.split('?', 1)[0] ?? url);
}

/** Query errors carry their bound parameters (emails, hashes); keep them out of the logs. */
const QUERY_PARAMS = /^params: .*$/gm;

function serializeError(error: Error) {
  const serialized = stdSerializers.err(error);
  const scrub = (text: string) => text.replace(QUERY_PARAMS, 'params: [REDACTED]');
  return {
    ...serialized,
    message: scrub(serialized.message),
    stack: scrub(serialized.stack),
    params: undefined,
  };
}

/** Pino options for the app's logger: JSON lines on stdout. */
export function loggerOptions(env: Pick<Env, 'LOG_LEVEL'>): LoggerOptions {
  return {
    level: env.LOG_LEVEL,
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    serializers: { err: serializeError },
  };
}
